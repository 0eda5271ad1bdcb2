package ec2tier

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAppServerUserDataBoot checks the share mount and the environment
// file, placed before the placeholder starts, and that the zero AppBoot
// leaves the script as it was.
func TestAppServerUserDataBoot(t *testing.T) {
	plain := AppServerUserData(8080, AppBoot{})
	assert.True(t, strings.HasPrefix(plain, "#!/bin/bash\nset -euo pipefail\ndnf install -y nginx\n"), plain)

	app := AppServerUserData(8080, AppBoot{
		Share:       &ShareMount{FileSystemID: "fs-0123456789abcdef0", AccessPointID: "fsap-0123456789abcdef0", Path: "/mnt/share"},
		Environment: map[string]string{"SHARE_PATH": "/mnt/share", "API_KEY_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/dev/api-AbCdEf"},
	})
	for _, want := range []string{
		"dnf install -y amazon-efs-utils\n",
		"mkdir -p /mnt/share\n",
		"echo 'fs-0123456789abcdef0:/ /mnt/share efs _netdev,tls,iam,accesspoint=fsap-0123456789abcdef0 0 0' >> /etc/fstab\n",
		"    if mount /mnt/share; then break; fi\n",
		"exit 1",
		"(umask 027 && cat > /etc/app/app.env <<'ENV'\nAPI_KEY_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/dev/api-AbCdEf\nSHARE_PATH=/mnt/share\nENV\n)\n",
	} {
		assert.Contains(t, app, want)
	}
	mount, nginx := strings.Index(app, "mount /mnt/share"), strings.Index(app, "dnf install -y nginx")
	assert.Less(t, mount, nginx, "mounted before the application starts, so a failed mount fails the health check")
	assert.NotContains(t, app, "${", "no template sequence of its own: Terraform reads it when it holds references")
	assert.NotContains(t, app, "%{")
	assert.Equal(t, plain[len("#!/bin/bash\nset -euo pipefail\n"):], app[strings.Index(app, "dnf install -y nginx"):], "the placeholder itself is unchanged")
}

func TestAppBootCheck(t *testing.T) {
	good := ShareMount{FileSystemID: "fs-0123456789abcdef0", AccessPointID: "${TfToken[TOKEN.7]}", Path: "/mnt/share"}
	cases := []struct {
		name string
		boot AppBoot
		want []string
	}{
		{"zero", AppBoot{}, nil},
		{"good", AppBoot{Share: &good, Environment: map[string]string{"SHARE_PATH": "/mnt/share", "A_SECRET_ARN": "${TfToken[TOKEN.8]}"}}, nil},
		{"ids", AppBoot{Share: &ShareMount{FileSystemID: "fs-", AccessPointID: "ap-1", Path: "/mnt/share"}}, []string{`Share.AccessPointID "ap-1"`, `Share.FileSystemID "fs-"`}},
		{"path", AppBoot{Share: &ShareMount{FileSystemID: "fs-0123456789abcdef0", AccessPointID: "fsap-0123456789abcdef0", Path: "mnt/share;rm"}}, []string{`Share.Path "mnt/share;rm"`}},
		{"root path", AppBoot{Share: &ShareMount{FileSystemID: "fs-0123456789abcdef0", AccessPointID: "fsap-0123456789abcdef0", Path: "/"}}, []string{`Share.Path "/"`}},
		{"env", AppBoot{Environment: map[string]string{"lower": "x", "OK": "a\nb"}}, []string{`Environment["OK"] "a\nb": one line`, `Environment["lower"]: not an environment variable name`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.boot.Check()
			if len(c.want) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			lines := strings.Split(err.Error(), "\n")
			require.Len(t, lines, len(c.want), err.Error())
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// TestUserDataReferences checks the size rule and the escaping for user
// data that Terraform encodes.
func TestUserDataReferences(t *testing.T) {
	size, refs := userDataBytes("a${TfToken[TOKEN.1]}b${TfToken[TOKEN.22]}")
	assert.Equal(t, 2, refs)
	assert.Equal(t, 2+2*ReferenceBytes, size)
	assert.Equal(t, `echo \"a\\b\" %%{x} ${TfToken[TOKEN.1]}`, terraformString(`echo "a\b" %{x} ${TfToken[TOKEN.1]}`))

	p := Props{
		Name: "acme-prod-app", InstanceType: "t3.medium", Capacity: Capacity{Min: 2, Desired: 2, Max: 6},
		SubnetIDs: []*string{s("a")}, SecurityGroupID: s("sg"), TargetGroupARNs: []*string{s("tg")},
		VolumeKeyARN: s("key"), UserData: "#!/bin/bash\n" + strings.Repeat("echo ${TfToken[TOKEN.1]}\n", 16),
	}
	err := p.validate("app")
	require.Error(t, err, "16 references count as 16 KB")
	assert.Contains(t, err.Error(), "with its 16 references counted as 1024 bytes each")
	p.UserData = "#!/bin/bash\n" + strings.Repeat("echo ${TfToken[TOKEN.1]}\n", 14)
	require.NoError(t, p.validate("app"))
}

func TestUserData(t *testing.T) {
	web := WebServerUserData(80, "app-internal.shop.acme.example")
	assert.Contains(t, web, "#!/bin/bash\nset -euo pipefail\ndnf install -y nginx\n")
	assert.Contains(t, web, "listen 80 default_server;")
	assert.Contains(t, web, "location = /health {")
	assert.Contains(t, web, "set $app https://app-internal.shop.acme.example;")
	assert.Contains(t, web, "proxy_ssl_verify on;")
	// The deep check: proxied to the app tier's /health through the
	// internal load balancer, with timeouts inside Route 53's two seconds.
	at := strings.Index(web, "location = /health/app {")
	require.NotEqual(t, -1, at)
	deep := web[at:]
	deep = deep[:strings.Index(deep, "}")]
	assert.Contains(t, deep, "set $app https://app-internal.shop.acme.example;")
	assert.Contains(t, deep, "proxy_pass $app/health;")
	assert.Contains(t, deep, "proxy_ssl_name app-internal.shop.acme.example;")
	assert.Contains(t, deep, "proxy_ssl_verify on;")
	assert.Contains(t, deep, "proxy_read_timeout 2s;")
	assert.NotContains(t, deep, "return 200")
	assert.Contains(t, web, "\nCONF\nnginx -t\nsystemctl enable --now nginx\n")
	assert.Less(t, len(web), 16*1024)
	app := AppServerUserData(8080, AppBoot{})
	assert.Contains(t, app, "listen 8080 default_server;")
}
