package ec2tier

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// nginxBoot installs nginx from the Amazon Linux 2023 repositories (reached
// through the S3 gateway endpoint, whose policy admits the AL2023
// repository buckets) and starts it with conf as its whole configuration,
// after the steps in before (empty: none).
func nginxBoot(before, conf string) string {
	return `#!/bin/bash
set -euo pipefail
` + before + `dnf install -y nginx
cat > /etc/nginx/nginx.conf <<'CONF'
` + conf + `CONF
nginx -t
systemctl enable --now nginx
`
}

const nginxHead = `user nginx;
worker_processes auto;
error_log /var/log/nginx/error.log notice;
pid /run/nginx.pid;
events { worker_connections 1024; }
http {
    server_tokens off;
    access_log /var/log/nginx/access.log;
    default_type application/octet-stream;
`

// Health check paths of the web servers.
const (
	// HealthPath is answered by nginx itself: the public load balancer's
	// target group checks it, so that a web server is judged (and
	// replaced) on its own, not when the app tier is down.
	HealthPath = "/health"
	// AppHealthPath is proxied to the app tier's HealthPath through its
	// internal load balancer: it answers 2xx only while the whole path
	// (public load balancer, a web server, the internal load balancer, an
	// app target) works, so an end-to-end check such as Route 53's sees an
	// app outage (the internal load balancer answers 503 without healthy
	// targets; nginx answers 502 or 504 when it cannot reach it).
	AppHealthPath = "/health/app"
)

// WebServerUserData is the web tier's boot script: nginx answers HealthPath
// itself, proxies AppHealthPath to the app tier's /health, and proxies
// everything else over HTTPS to the app tier's internal load balancer at
// appHost, verifying its certificate. The name is resolved again every 30
// seconds through the VPC resolver, since a load balancer's addresses
// change.
func WebServerUserData(port int, appHost string) string {
	return nginxBoot("", nginxHead+fmt.Sprintf(`    resolver 169.254.169.253 valid=30s;
    server {
        listen %d default_server;
        location = %s {
            access_log off;
            default_type text/plain;
            return 200 "ok\n";
        }
        # Route 53 counts a check healthy only with a 2xx or 3xx status
        # within two seconds of connecting (Route 53 Developer Guide, "How
        # Amazon Route 53 determines whether a health check is healthy"):
        # give up on the app tier as soon, so that a hung app answers 504.
        location = %s {
            access_log off;
            set $app https://%s;
            proxy_pass $app%s;
            proxy_ssl_server_name on;
            proxy_ssl_name %s;
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate /etc/pki/tls/certs/ca-bundle.crt;
            proxy_connect_timeout 2s;
            proxy_send_timeout 2s;
            proxy_read_timeout 2s;
        }
        location / {
            set $app https://%s;
            proxy_pass $app;
            proxy_ssl_server_name on;
            proxy_ssl_name %s;
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate /etc/pki/tls/certs/ca-bundle.crt;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
        }
    }
}
`, port, HealthPath, AppHealthPath, appHost, HealthPath, appHost, appHost, appHost))
}

// AppServerUserData is the EC2 app tier's boot script: a placeholder
// application on port that answers /health and a JSON greeting, until the
// real application is deployed onto the instances (by a pipeline, or a new
// launch template version with its own user data). Before the placeholder
// starts, it mounts boot.Share and writes boot.Environment to
// AppEnvironmentFile, so that an instance whose mount fails never passes
// its health check and is replaced. Check boot first (AppBoot.Check); the
// zero AppBoot adds nothing.
func AppServerUserData(port int, boot AppBoot) string {
	return nginxBoot(boot.script(), nginxHead+fmt.Sprintf(`    server {
        listen %d default_server;
        location = /health {
            access_log off;
            default_type text/plain;
            return 200 "ok\n";
        }
        location / {
            default_type application/json;
            return 200 '{"service":"app","status":"placeholder"}\n';
        }
    }
}
`, port))
}

// AppEnvironmentFile is where the app tier's boot script writes
// AppBoot.Environment, one NAME=value line each, for the application's
// systemd unit (EnvironmentFile=).
const AppEnvironmentFile = "/etc/app/app.env"

// AppBoot is what the app tier sets up at boot besides the placeholder
// application.
type AppBoot struct {
	// Share is an EFS access point to mount; nil mounts nothing.
	Share *ShareMount
	// Environment are the application's environment variables, written
	// to AppEnvironmentFile; empty writes no file. Values may be
	// Terraform references (a secret's ARN), which New resolves at apply.
	Environment map[string]string
}

// ShareMount is an EFS file system mounted through an access point with
// TLS and the instance role (efsshare.Share's ids).
type ShareMount struct {
	// FileSystemID and AccessPointID are fs-... and fsap-... ids, or
	// references to them.
	FileSystemID, AccessPointID string
	// Path is where the share is mounted, an absolute path.
	Path string
}

var (
	envNameRE   = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)
	mountPathRE = regexp.MustCompile(`^(/[A-Za-z0-9._-]+)+$`)
	efsIDRE     = regexp.MustCompile(`^(fs|fsap)-[0-9a-f]{8,40}$`)
)

// Check reports every problem of boot, one line each, naming the field
// and the value.
func (b AppBoot) Check() error {
	var errs []error
	if m := b.Share; m != nil {
		for field, v := range map[string]string{"Share.FileSystemID": m.FileSystemID, "Share.AccessPointID": m.AccessPointID} {
			if !isToken(v) && !efsIDRE.MatchString(v) {
				errs = append(errs, fmt.Errorf("%s %q: an EFS id (fs-..., fsap-...) or a reference to one", field, v))
			}
		}
		if !mountPathRE.MatchString(m.Path) || m.Path == "/" {
			errs = append(errs, fmt.Errorf("Share.Path %q: an absolute path below / of letters, digits and ._-", m.Path))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(b.Environment)) {
		v := b.Environment[k]
		if !envNameRE.MatchString(k) {
			errs = append(errs, fmt.Errorf("Environment[%q]: not an environment variable name (A-Z, 0-9, _)", k))
		}
		if strings.ContainsAny(v, "\r\n") {
			errs = append(errs, fmt.Errorf("Environment[%q] %q: one line", k, v))
		}
	}
	return errors.Join(errs...)
}

// script is the shell steps of boot (empty for the zero AppBoot). It has
// no "${" of its own, so that the text reads the same to Terraform when New
// hands it over with references in it.
func (b AppBoot) script() string {
	var sb strings.Builder
	if m := b.Share; m != nil {
		// The EFS mount helper (amazon-efs-utils, in the AL2023
		// repositories; aws/efs-utils README lists Amazon Linux 2023) is
		// the only client that mounts through an access point and with
		// IAM, both of which need TLS (efs-utils README, "mount.efs";
		// Amazon EFS User Guide, "Mounting with IAM authorization" and
		// "Mounting with EFS access points"). The fstab line, with _netdev
		// so that boot waits for the network (Amazon EFS User Guide, "Mounting
		// EFS file systems using the EFS mount helper"), mounts it again
		// after a reboot. The mount helper reads the instance role's
		// credentials through IMDSv2 (efs-utils README, "The way to access
		// instance metadata"). The file system's DNS name resolves only in
		// a zone with a mount target (Amazon EFS User Guide, "Mounting on
		// Amazon EC2 with a DNS name"), so the Auto Scaling group waits for
		// the mount targets (Props.Ready); a new mount target's name can
		// still take a little longer to resolve: retry for five minutes,
		// then fail the boot.
		fmt.Fprintf(&sb, `# The shared file system: EFS through its access point, over TLS, as the instance role.
dnf install -y amazon-efs-utils
mkdir -p %[3]s
echo '%[1]s:/ %[3]s efs _netdev,tls,iam,accesspoint=%[2]s 0 0' >> /etc/fstab
for attempt in $(seq 1 30); do
    if mount %[3]s; then break; fi
    if [ "$attempt" -eq 30 ]; then echo "mounting %[3]s failed" >&2; exit 1; fi
    sleep 10
done
`, m.FileSystemID, m.AccessPointID, m.Path)
	}
	if len(b.Environment) > 0 {
		fmt.Fprintf(&sb, "# The application's environment (EnvironmentFile= of its unit).\ninstall -d -m 0755 %s\n(umask 027 && cat > %s <<'ENV'\n", AppEnvironmentFile[:strings.LastIndex(AppEnvironmentFile, "/")], AppEnvironmentFile)
		for _, k := range slices.Sorted(maps.Keys(b.Environment)) {
			fmt.Fprintf(&sb, "%s=%s\n", k, b.Environment[k])
		}
		sb.WriteString("ENV\n)\n")
	}
	return sb.String()
}
