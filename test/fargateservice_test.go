package test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/fargateservice"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/policycheck"
	"github.com/acme/landing-zone/constructs/snstopic"
)

// synthConstruct synthesizes a construct-level test stack, compares it
// with testdata/<dir>/<name>.golden.json when name is set, and checks it
// against the policy pack: a construct must pass on its own, with zero
// errors and zero warnings.
func synthConstruct(t *testing.T, st cdktf.TerraformStack, dir, name string) synthesized {
	t.Helper()
	if name != "" {
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Join("testdata", dir), 0o755))
		}
		checkGolden(t, filepath.Join(dir, name), *cdktf.Testing_Synth(st, jsii.Bool(true)))
	}
	// Testing_Synth strips the "//" metadata, suppressions included; the
	// policy check and the tests read the stack as cdktf writes it.
	full, err := json.Marshal(st.ToTerraform())
	require.NoError(t, err)
	var s synthesized
	require.NoError(t, json.Unmarshal(full, &s))
	rep, err := policycheck.Check("test", full, policycheck.Options{})
	require.NoError(t, err)
	for _, f := range rep.Findings {
		if !f.Suppressed {
			t.Errorf("policy finding: %s", f.String())
		}
	}
	return s
}

// policyOf parses a policy document argument.
func policyOf(t *testing.T, v any) map[string]any {
	t.Helper()
	s, ok := v.(string)
	require.True(t, ok, "policy is a string: %v", v)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &doc))
	return doc
}

// mustStatement returns the statement of a policy document with that Sid.
func mustStatement(t *testing.T, doc map[string]any, sid string) map[string]any {
	t.Helper()
	s := statement(doc, sid)
	require.NotNil(t, s, "statement %s in %v", sid, doc)
	return s
}

func fargateProps() fargateservice.Props {
	return fargateservice.Props{
		Name:            "acme-prod-app",
		VPCID:           jsii.String("vpc-0123456789abcdef0"),
		SubnetIDs:       *jsii.Strings("subnet-private-a", "subnet-private-b"),
		SecurityGroupID: jsii.String("sg-app"),
		TargetGroupARN:  jsii.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/0123456789abcdef"),
	}
}

// TestFargateServiceDefaults checks guide 3.4 on the construct's defaults.
func TestFargateServiceDefaults(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	svc, err := fargateservice.New(st, "app", fargateProps())
	require.NoError(t, err)
	assert.Equal(t, "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-prod-app", *svc.RepositoryURL)
	s := synthConstruct(t, st, "fargateservice", "default")

	cluster := only(t, s, "aws_ecs_cluster")
	assert.Equal(t, []any{map[string]any{"name": "containerInsights", "value": "enabled"}}, cluster["setting"])

	repo := only(t, s, "aws_ecr_repository")
	assert.Equal(t, "IMMUTABLE", repo["image_tag_mutability"])
	assert.Equal(t, true, first(t, repo, "image_scanning_configuration")["scan_on_push"])
	enc := first(t, repo, "encryption_configuration")
	assert.Equal(t, "KMS", enc["encryption_type"])
	assert.Contains(t, enc["kms_key"], "${aws_kms_key.")
	assert.Len(t, s.resources("aws_ecr_lifecycle_policy"), 1)

	td := only(t, s, "aws_ecs_task_definition")
	assert.Equal(t, []any{"FARGATE"}, td["requires_compatibilities"])
	assert.Equal(t, "awsvpc", td["network_mode"])
	assert.Equal(t, "512", td["cpu"])
	assert.Equal(t, "1024", td["memory"])
	assert.NotEqual(t, td["execution_role_arn"], td["task_role_arn"], "separate execution and task roles")
	var defs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(td["container_definitions"].(string)), &defs))
	require.Len(t, defs, 1)
	c := defs[0]
	assert.Equal(t, true, c["readonlyRootFilesystem"])
	assert.Equal(t, "1000:1000", c["user"])
	assert.NotEqual(t, true, c["privileged"])
	assert.Equal(t, "123456789012.dkr.ecr.us-east-1.amazonaws.com/acme-prod-app:v1", c["image"])
	assert.Equal(t, "awslogs", c["logConfiguration"].(map[string]any)["logDriver"])
	assert.NotNil(t, c["healthCheck"])
	assert.Equal(t, []any{"ALL"}, c["linuxParameters"].(map[string]any)["capabilities"].(map[string]any)["drop"])

	lg := only(t, s, "aws_cloudwatch_log_group")
	assert.Equal(t, "/ecs/acme-prod-app", lg["name"])
	assert.Contains(t, lg["kms_key_id"], "${aws_kms_key.")

	svcRes := only(t, s, "aws_ecs_service")
	assert.Equal(t, "FARGATE", svcRes["launch_type"])
	assert.Equal(t, 2.0, svcRes["desired_count"], "starts at MinTasks")
	assert.Equal(t, []any{"desired_count"}, svcRes["lifecycle"].(map[string]any)["ignore_changes"])
	cb := first(t, svcRes, "deployment_circuit_breaker")
	assert.Equal(t, true, cb["enable"])
	assert.Equal(t, true, cb["rollback"])
	nc := first(t, svcRes, "network_configuration")
	assert.Equal(t, false, nc["assign_public_ip"])
	assert.Equal(t, []any{"subnet-private-a", "subnet-private-b"}, nc["subnets"])
	assert.Equal(t, []any{"sg-app"}, nc["security_groups"])
	lb := first(t, svcRes, "load_balancer")
	assert.Equal(t, "app", lb["container_name"])
	assert.Equal(t, 8080.0, lb["container_port"])
	assert.Equal(t, false, svcRes["enable_execute_command"])

	target := only(t, s, "aws_appautoscaling_target")
	assert.Equal(t, "service/acme-prod-app/acme-prod-app", target["resource_id"])
	assert.Equal(t, 2.0, target["min_capacity"])
	assert.Equal(t, 10.0, target["max_capacity"])
	policy := only(t, s, "aws_appautoscaling_policy")
	tt := first(t, policy, "target_tracking_scaling_policy_configuration")
	assert.Equal(t, 70.0, tt["target_value"])
	assert.Equal(t, "ECSServiceAverageCPUUtilization", first(t, tt, "predefined_metric_specification")["predefined_metric_type"])

	// The execution role: ECR pull on this repository, logs on this log
	// group, and no secrets (none were named).
	roles := s.resources("aws_iam_role")
	require.Len(t, roles, 2)
	exec := policyOf(t, s.resources("aws_iam_role_policy")["app-execution-role-policy-start-task"]["policy"])
	assert.Equal(t, "arn:aws:ecr:us-east-1:123456789012:repository/acme-prod-app", mustStatement(t, exec, "ECRPull")["Resource"])
	assert.Equal(t, []any{"arn:aws:logs:us-east-1:123456789012:log-group:/ecs/acme-prod-app", "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/acme-prod-app:*"}, mustStatement(t, exec, "Logs")["Resource"])
	assert.NotContains(t, s.resources("aws_iam_role_policy")["app-execution-role-policy-start-task"]["policy"], "secretsmanager")
	for _, r := range roles {
		trust := policyOf(t, r["assume_role_policy"])
		st := trust["Statement"].([]any)[0].(map[string]any)
		assert.Equal(t, "ecs-tasks.amazonaws.com", st["Principal"].(map[string]any)["Service"])
		assert.Equal(t, "123456789012", st["Condition"].(map[string]any)["StringEquals"].(map[string]any)["aws:SourceAccount"])
	}
	assert.Empty(t, s.resources("aws_cloudwatch_metric_alarm"), "no alarms without a topic")
}

// TestFargateServiceOptions covers secrets, their keys, a given key and
// topic, an external image, task size and scaling.
func TestFargateServiceOptions(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	key, err := kmskey.New(st, "shared-key", kmskey.Props{Alias: "acme/dev/app"})
	require.NoError(t, err)
	topic, err := snstopic.New(st, "alarms", snstopic.Props{Name: "acme-dev-alarms", Key: key, PublishingServices: []string{"cloudwatch"}})
	require.NoError(t, err)
	p := fargateProps()
	p.Name = "acme-dev-app"
	p.Image = "public.ecr.aws/acme/app@sha256:0123"
	p.ImageTag = ""
	p.CPU, p.MemoryMiB = 1024, 3072
	p.MinTasks, p.MaxTasks, p.TargetCPUPercent = 1, 3, 60
	p.ContainerPort = 9000
	p.Secrets = map[string]string{"DB_PASSWORD": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::"}
	p.SecretKeyARNs = []string{"arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-0000-1111-2222-333344445555"}
	p.Environment = map[string]string{"MODE": "dev"}
	p.Key, p.AlarmTopic = key, topic
	// A stand-in for the internal load balancer's listener: any
	// dependable resource.
	listener, err := iamrole.New(st, "listener", iamrole.Props{Name: "stand-in", Trust: iamrole.ServiceTrust("ecs-tasks.amazonaws.com", "123456789012")})
	require.NoError(t, err)
	p.LoadBalancerReady = *listener.Ready()
	p.EnableExecuteCommand = true
	p.HealthCheckCommand = "wget -qO- http://localhost:9000/ready || exit 1"
	_, err = fargateservice.New(st, "app", p)
	require.NoError(t, err)
	s := synthConstruct(t, st, "fargateservice", "options")

	assert.Len(t, s.resources("aws_kms_key"), 1, "the given key, no second one")
	keyPolicy := policyOf(t, only(t, s, "aws_kms_key")["policy"])
	mustStatement(t, keyPolicy, "CloudWatchLogsUse")
	td := only(t, s, "aws_ecs_task_definition")
	assert.Equal(t, "1024", td["cpu"])
	assert.Equal(t, "3072", td["memory"])
	assert.Contains(t, td["container_definitions"], `"image":"public.ecr.aws/acme/app@sha256:0123"`)
	assert.Contains(t, td["container_definitions"], `"valueFrom":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::"`)
	exec := s.resources("aws_iam_role_policy")["app-execution-role-policy-start-task"]["policy"].(string)
	doc := policyOf(t, exec)
	assert.Equal(t, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", mustStatement(t, doc, "Secrets")["Resource"])
	assert.Equal(t, "secretsmanager.eu-west-1.amazonaws.com", mustStatement(t, doc, "SecretKeys")["Condition"].(map[string]any)["StringEquals"].(map[string]any)["kms:ViaService"])
	assert.False(t, strings.Contains(exec, "ECRPull"), "no pull grant on the own repository for an external image")
	svc := only(t, s, "aws_ecs_service")
	assert.Equal(t, 1.0, svc["desired_count"])
	assert.Equal(t, true, svc["enable_execute_command"])
	assert.Contains(t, s.resources("aws_iam_role_policy")["app-task-role-policy-ecs-exec"]["policy"], "ssmmessages:CreateControlChannel", "ECS Exec needs Session Manager channels")
	assert.Contains(t, svc["depends_on"], "aws_iam_role.listener", "waits for the listener")
	assert.Contains(t, td["container_definitions"], `"CMD-SHELL","wget -qO- http://localhost:9000/ready || exit 1"`)
	assert.Len(t, s.resources("aws_cloudwatch_metric_alarm"), 3)
	for _, a := range s.resources("aws_cloudwatch_metric_alarm") {
		assert.Equal(t, []any{"${aws_sns_topic.alarms.arn}"}, a["alarm_actions"])
	}
}

// TestFargateServiceRejects shows that bad input stops New before any
// resource exists, with one line per problem.
func TestFargateServiceRejects(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	p := fargateProps()
	p.ImageTag, p.User, p.CPU, p.MemoryMiB = "latest", "root", 256, 4096
	_, err := fargateservice.New(st, "app", p)
	require.Error(t, err)
	assert.Len(t, strings.Split(err.Error(), "\n"), 3, err.Error())
	s := synthStack(t, st)
	assert.Empty(t, s["resource"], "nothing built")
}
