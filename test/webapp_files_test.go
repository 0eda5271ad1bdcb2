package test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/secretsmanagersecret"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/secretsmanagersecretrotation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/ec2tier"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/constructs/webapp"
	"github.com/acme/landing-zone/stacks"
)

// webAppWithFiles builds, in us-east-1, a web application whose app tier
// (kind) mounts a shared file system and reads a secret made in the same
// stack, through the stacks' own parts for Fargate.
func webAppWithFiles(t *testing.T, kind string) synthesized {
	t.Helper()
	const account = "123456789012"
	st := newTestStack(t, account, "us-east-1")
	vpc, groups, ebs := webTestNetwork(t, st, "us-east-1")
	alarmKey, err := kmskey.New(st, "alarms-key", kmskey.Props{Alias: "test/alarms"})
	require.NoError(t, err)
	topic, err := snstopic.New(st, "alarms", snstopic.Props{Name: "acme-test-alarms", Key: alarmKey, PublishingServices: []string{"cloudwatch"}})
	require.NoError(t, err)
	secretKey, err := kmskey.New(st, "secret-key", kmskey.Props{Alias: "test/secret"})
	require.NoError(t, err)
	secret := secretsmanagersecret.NewSecretsmanagerSecret(st, jsii.String("api-key"), &secretsmanagersecret.SecretsmanagerSecretConfig{
		Name: jsii.String("acme/test/api-key"), KmsKeyId: secretKey.ARN,
	})
	// A stand-in for appsecret's rotation, which the policy checks want.
	secretsmanagersecretrotation.NewSecretsmanagerSecretRotation(st, jsii.String("api-key-rotation"), &secretsmanagersecretrotation.SecretsmanagerSecretRotationConfig{
		SecretId: secret.Id(), RotationLambdaArn: jsii.String("arn:aws:lambda:us-east-1:123456789012:function:acme-test-rotation"),
		RotationRules: &secretsmanagersecretrotation.SecretsmanagerSecretRotationRotationRules{AutomaticallyAfterDays: jsii.Number(30)},
	})
	parts := stacks.WebParts()
	parts.Sessions, parts.StaticSite = nil, nil
	_, err = webapp.New(st, "web", webapp.Props{
		Name: "acme-test", Domain: "test.acme.example", InternalDomain: "app-internal.test.acme.example", StaticDomain: "static.test.acme.example",
		Zone:           webapp.ZoneRef{Name: "test.acme.example", ID: "Z0123456789ABC"},
		CertificateARN: "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab",
		Network:        webapp.Network{VPCID: vpc.ID, PublicSubnetIDs: vpc.SubnetIDs(netplan.Public), PrivateSubnetIDs: vpc.SubnetIDs(netplan.Private), Groups: groups},
		WebTier:        webapp.InstanceTier{InstanceType: "t3.small", Capacity: ec2tier.Capacity{Min: 1, Desired: 1, Max: 3}},
		AppTier: webapp.AppTier{Kind: kind, InstanceTier: webapp.InstanceTier{InstanceType: "t3.small", Capacity: ec2tier.Capacity{Min: 1, Desired: 1, Max: 3}},
			CPU: 256, MemoryMiB: 512, MinTasks: 1, MaxTasks: 2},
		WAFRateLimit: 500, VolumeKeyARN: ebs.ARN, UploadsBucketName: "acme-test-uploads-123456789012", LoadBalancerLogBucketName: "acme-test-alb-logs-123456789012", StaticBucketName: "acme-test-static-123456789012",
		LogRetentionDays: 90, AlarmTopic: topic, GlobalAlarmTopic: topic, Parts: parts,
		Files:      &webapp.Files{UID: 33, GID: 33, RootPath: "/www"},
		AppSecrets: []webapp.SecretRef{{ARN: secret.Arn(), KeyARN: secretKey.ARN, Env: "API_KEY"}},
	})
	require.NoError(t, err)
	return synthConstruct(t, st, "webapp", "")
}

// checkShareWiring checks what both kinds share: the file system's
// security group admits NFS from the app group only, the app group may
// reach it, the policy admits the app tier's role by reference (so the
// role is made first), and the mount targets wait for the policy.
func checkShareWiring(t *testing.T, s synthesized, roleRef string) []any {
	t.Helper()
	const shareGroup = "${aws_security_group.web-files-sg.id}"
	appGroup := "${aws_security_group.tiers-app.id}"
	var ingress []map[string]any
	for _, r := range s.resources("aws_vpc_security_group_ingress_rule") {
		if r["security_group_id"] == shareGroup {
			ingress = append(ingress, r)
		}
	}
	require.Len(t, ingress, 1, "one way in: NFS from the app tier")
	assert.Equal(t, appGroup, ingress[0]["referenced_security_group_id"])
	assert.Equal(t, 2049.0, ingress[0]["from_port"])
	assert.Equal(t, 2049.0, ingress[0]["to_port"])
	assert.NotContains(t, ingress[0], "cidr_ipv4")

	out := s.resources("aws_vpc_security_group_egress_rule")["web-files-client-egress-0"]
	require.NotNil(t, out, "the app group's egress to the mount targets")
	assert.Equal(t, appGroup, out["security_group_id"])
	assert.Equal(t, shareGroup, out["referenced_security_group_id"])
	assert.Equal(t, "tcp", out["ip_protocol"])
	assert.Equal(t, 2049.0, out["from_port"])
	assert.Contains(t, out["description"], "NFS")

	pol := policyOf(t, only(t, s, "aws_efs_file_system_policy")["policy"])
	allow := mustStatement(t, pol, "ClientsMountThroughAccessPoint")
	assert.Equal(t, map[string]any{"AWS": roleRef}, allow["Principal"], "the app tier's role, by reference: Terraform makes the role first")
	mts := s.resources("aws_efs_mount_target")
	require.Len(t, mts, 2, "one per private subnet")
	var names []any
	for name, mt := range mts {
		assert.Equal(t, []any{"aws_efs_file_system_policy.web-files-policy"}, mt["depends_on"], name)
		names = append(names, "aws_efs_mount_target."+name)
	}
	ap := only(t, s, "aws_efs_access_point")
	assert.Equal(t, map[string]any{"uid": 33.0, "gid": 33.0}, ap["posix_user"])
	return names
}

// TestWebAppFilesEC2 checks the EC2 app tier with a share and a secret:
// the role made before the share's policy, the user data that mounts the
// share with TLS, IAM and the access point (encoded by Terraform, since it
// holds references), the Auto Scaling group waiting for the mount targets,
// and the role's read of the secret.
func TestWebAppFilesEC2(t *testing.T) {
	s := webAppWithFiles(t, webapp.AppOnEC2)
	mounts := checkShareWiring(t, s, "${aws_iam_role.web-app-role.arn}")

	group := s.resources("aws_autoscaling_group")["web-app-group"]
	require.NotNil(t, group)
	assert.ElementsMatch(t, mounts, group["depends_on"], "instances boot after the mount targets (and so the policy)")

	ud, _ := s.resources("aws_launch_template")["web-app-template"]["user_data"].(string)
	require.True(t, strings.HasPrefix(ud, "${base64encode(\""), "encoded by Terraform: %.80s", ud)
	for _, want := range []string{
		`dnf install -y amazon-efs-utils`,
		`echo '${aws_efs_file_system.web-files.id}:/ /mnt/share efs _netdev,tls,iam,accesspoint=${aws_efs_access_point.web-files-ap.id} 0 0' >> /etc/fstab`,
		`API_KEY_SECRET_ARN=${aws_secretsmanager_secret.api-key.arn}`,
		`SHARE_PATH=/mnt/share`,
		`return 200 \"ok\\n\";`, // nginx's "ok\n", escaped for Terraform's string
	} {
		assert.Contains(t, ud, want)
	}
	checkUserDataRoundTrip(t, ud, map[string]string{
		"${aws_efs_file_system.web-files.id}":      "fs-0123456789abcdef0",
		"${aws_efs_access_point.web-files-ap.id}":  "fsap-0123456789abcdef0",
		"${aws_secretsmanager_secret.api-key.arn}": "arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/test/api-key-AbCdEf",
	}, ec2tier.AppServerUserData(webapp.AppPort, ec2tier.AppBoot{
		Share:       &ec2tier.ShareMount{FileSystemID: "fs-0123456789abcdef0", AccessPointID: "fsap-0123456789abcdef0", Path: "/mnt/share"},
		Environment: map[string]string{"SHARE_PATH": "/mnt/share", "API_KEY_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/test/api-key-AbCdEf"},
	}))
	web, _ := s.resources("aws_launch_template")["web-web-template"]["user_data"].(string)
	assert.False(t, strings.HasPrefix(web, "${"), "user data without references is encoded in Go, as before")

	var perms string
	for _, p := range s.resources("aws_iam_role_policy") {
		if p["name"] == "permissions" && p["role"] == "${aws_iam_role.web-app-role.name}" {
			perms = p["policy"].(string)
		}
	}
	doc := policyOf(t, perms)
	read := mustStatement(t, doc, "ReadAppSecrets")
	assert.Equal(t, []any{"secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"}, read["Action"])
	assert.Equal(t, "${aws_secretsmanager_secret.api-key.arn}", read["Resource"])
	dec := mustStatement(t, doc, "DecryptAppSecrets")
	assert.Equal(t, "${aws_kms_key.secret-key.arn}", dec["Resource"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}, dec["Condition"])
}

// TestWebAppFilesFargate checks the Fargate app tier with a share and a
// secret: the task definition's EFS volume (TLS, IAM, the access point,
// root "/"), the container's mount point, SHARE_PATH and the secret set by
// ECS, the service waiting for the mount targets, the task role made
// before the share's policy, and both roles' read of the secret.
func TestWebAppFilesFargate(t *testing.T) {
	s := webAppWithFiles(t, webapp.AppOnFargate)
	mounts := checkShareWiring(t, s, "${aws_iam_role.web-app-task-role.arn}")

	td := only(t, s, "aws_ecs_task_definition")
	var share map[string]any
	for _, v := range td["volume"].([]any) {
		if v.(map[string]any)["name"] == "share" {
			share = v.(map[string]any)
		}
	}
	require.NotNil(t, share, "volumes: %v", td["volume"])
	assert.Equal(t, map[string]any{
		"file_system_id":     "${aws_efs_file_system.web-files.id}",
		"root_directory":     "/",
		"transit_encryption": "ENABLED",
		"authorization_config": map[string]any{
			"access_point_id": "${aws_efs_access_point.web-files-ap.id}",
			"iam":             "ENABLED",
		},
	}, share["efs_volume_configuration"])
	assert.Equal(t, "${aws_iam_role.web-app-task-role.arn}", td["task_role_arn"])

	var defs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(td["container_definitions"].(string)), &defs))
	c := defs[0]
	assert.Contains(t, c["mountPoints"], map[string]any{"sourceVolume": "share", "containerPath": "/mnt/share", "readOnly": false})
	assert.Contains(t, c["environment"], map[string]any{"name": "SHARE_PATH", "value": "/mnt/share"})
	assert.Contains(t, c["environment"], map[string]any{"name": "API_KEY_SECRET_ARN", "value": "${aws_secretsmanager_secret.api-key.arn}"})
	assert.NotContains(t, c, "secrets", "the app reads the secret itself, so that it follows rotation")

	svc := only(t, s, "aws_ecs_service")
	deps, _ := svc["depends_on"].([]any)
	for _, m := range mounts {
		assert.Contains(t, deps, m, "the service starts tasks after the mount targets")
	}
	assert.NotContains(t, svc, "platform_version", "LATEST (1.4.0), which mounts EFS")

	policies := map[string]map[string]any{}
	for _, p := range s.resources("aws_iam_role_policy") {
		policies[p["name"].(string)] = policyOf(t, p["policy"])
	}
	require.Contains(t, policies, "web-app")
	assert.Equal(t, "${aws_secretsmanager_secret.api-key.arn}", mustStatement(t, policies["web-app"], "ReadAppSecrets")["Resource"])
	for _, st := range policies["start-task"]["Statement"].([]any) {
		assert.NotContains(t, []string{"Secrets", "SecretKeys"}, st.(map[string]any)["Sid"], "the execution role reads no app secret")
	}
}

// checkUserDataRoundTrip has Terraform itself (terraform console, which
// needs no provider) decode the user data expression, with its references
// replaced by values, and compares the result with the script written in
// Go: the escaping for Terraform's string loses nothing. Skipped without
// terraform on the PATH.
func checkUserDataRoundTrip(t *testing.T, expr string, refs map[string]string, want string) {
	t.Helper()
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Log("no terraform on the PATH: the round trip is not checked")
		return
	}
	for ref, v := range refs {
		expr = strings.ReplaceAll(expr, ref, v)
	}
	require.True(t, strings.HasPrefix(expr, "${") && strings.HasSuffix(expr, "}"))
	cmd := exec.Command(tf, "console")
	cmd.Dir = t.TempDir()
	cmd.Stdin = strings.NewReader("jsonencode(base64decode(" + expr[2:len(expr)-1] + "))\n")
	out, err := cmd.Output()
	require.NoError(t, err, "terraform console: %s", out)
	// console prints the JSON-encoded string as a quoted HCL string.
	var quoted, got string
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(string(out))), &quoted), "%s", out)
	require.NoError(t, json.Unmarshal([]byte(quoted), &got))
	assert.Equal(t, want, got)
}
