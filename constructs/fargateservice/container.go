package fargateservice

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
)

// containerDefinitions renders the task's container definitions as the
// JSON the task definition takes, in plain Go so that tests read it
// without jsii. image and logGroup may be tokens.
//
// Every field ECS fills in when it is absent is written out (essential,
// hostPort, the health check's interval, timeout, retries and start
// period, readOnly on the mount), because the provider compares the
// definitions it reads back after reducing only some defaults
// (terraform-provider-aws internal/service/ecs/task_definition_equivalency.go,
// containerDefinitions.Reduce): anything else ECS adds would show as a
// change, and replace the task definition, on every plan.
func (p *Props) containerDefinitions(env awsenv.Env, image, logGroup string) string {
	type kv struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	type secret struct {
		Name      string `json:"name"`
		ValueFrom string `json:"valueFrom"`
	}
	envs := []kv{}
	for _, k := range sortedKeys(p.Environment) {
		envs = append(envs, kv{k, p.Environment[k]})
	}
	secrets := []secret{}
	for _, k := range sortedKeys(p.Secrets) {
		secrets = append(secrets, secret{k, p.Secrets[k]})
	}
	check := p.HealthCheckCommand
	if check == "" {
		check = fmt.Sprintf("curl -fsS http://localhost:%d%s || exit 1", p.ContainerPort, p.HealthCheckPath)
	}
	def := map[string]any{
		"name":      ContainerName,
		"image":     image,
		"essential": true,
		// Guide 3.4 and the ECS security best practices: a read-only root
		// filesystem (writes go to the /tmp volume below), a non-root user,
		// every Linux capability dropped; privileged is left out, since
		// Fargate refuses privileged containers
		// and ECS does not echo a false value back
		// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-tasks-containers.html).
		"readonlyRootFilesystem": true,
		"user":                   p.User,
		"linuxParameters": map[string]any{
			// ECS stores capabilities as {"add":[],"drop":["ALL"]}, and the
			// provider's comparison drops empty lists at the top level
			// only (internal/service/ecs/task_definition_equivalency.go),
			// so an absent "add" would replace the task definition, and
			// redeploy the service, on every apply.
			"capabilities":       map[string]any{"add": []string{}, "drop": []string{"ALL"}},
			"initProcessEnabled": true,
		},
		"mountPoints": []map[string]any{{"sourceVolume": tmpVolume, "containerPath": "/tmp", "readOnly": false}},
		"portMappings": []map[string]any{{
			// awsvpc: the host port is the container port; written out
			// because ECS returns it.
			"containerPort": p.ContainerPort, "hostPort": p.ContainerPort, "protocol": "tcp",
		}},
		"healthCheck": map[string]any{
			"command":     []string{"CMD-SHELL", check},
			"interval":    30,
			"timeout":     5,
			"retries":     3,
			"startPeriod": 60,
		},
		"logConfiguration": map[string]any{
			"logDriver": "awslogs",
			"options": map[string]string{
				"awslogs-group":         logGroup,
				"awslogs-region":        env.Region,
				"awslogs-stream-prefix": ContainerName,
			},
		},
	}
	if v := p.Share; v != nil {
		// The share's mount point (Amazon ECS Developer Guide, "Specify an
		// Amazon EFS file system in an Amazon ECS task definition"),
		// readOnly written out as for /tmp.
		def["mountPoints"] = append(def["mountPoints"].([]map[string]any),
			map[string]any{"sourceVolume": shareVolume, "containerPath": v.ContainerPath, "readOnly": false})
	}
	if len(envs) > 0 {
		def["environment"] = envs
	}
	if len(secrets) > 0 {
		def["secrets"] = secrets
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode([]any{def}); err != nil {
		panic(fmt.Sprintf("fargateservice: rendering container definitions: %v", err))
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// tmpVolume is the task-local (ephemeral storage) volume mounted at /tmp,
// the only place the container can write.
const tmpVolume = "tmp"

// executionStatements are what the ECS agent needs to start the task, and
// nothing more (Amazon ECS Developer Guide, "Amazon ECS task execution IAM
// role": ECR pulls, awslogs, and "Secrets Manager or Systems Manager
// permissions" naming each secret,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html).
// repositoryARN is empty when the image is not in the service's
// repository. Pulling from a repository encrypted with a customer-managed
// key needs no KMS permission of the puller: ECR decrypts through the grant
// it made on the key when the repository was created (Amazon ECR User
// Guide, "Encryption at rest").
func (p *Props) executionStatements(env awsenv.Env, repositoryARN, logGroupARN string) []iampolicy.Statement {
	out := []iampolicy.Statement{{
		Sid: "ECRToken", Effect: iampolicy.Allow,
		// GetAuthorizationToken has no resource-level permissions.
		Actions: []string{"ecr:GetAuthorizationToken"}, Resources: []string{"*"},
	}}
	if repositoryARN != "" {
		out = append(out, iampolicy.Statement{
			Sid: "ECRPull", Effect: iampolicy.Allow,
			Actions:   []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
			Resources: []string{repositoryARN},
		})
	}
	out = append(out, iampolicy.Statement{
		Sid: "Logs", Effect: iampolicy.Allow,
		// CreateLogStream is authorized on the log group, PutLogEvents on
		// its streams (Service Authorization Reference, CloudWatch Logs):
		// both forms, as the Lambda functions' policies have them.
		Actions:   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resources: []string{logGroupARN, logGroupARN + ":*"},
	})
	if len(p.Secrets) > 0 {
		var arns []string
		for _, k := range sortedKeys(p.Secrets) {
			arns = append(arns, secretResource(p.Secrets[k]))
		}
		out = append(out, iampolicy.Statement{
			Sid: "Secrets", Effect: iampolicy.Allow,
			Actions: []string{"secretsmanager:GetSecretValue"}, Resources: arns,
		})
	}
	if len(p.SecretKeyARNs) > 0 {
		out = append(out, iampolicy.Statement{
			Sid: "SecretKeys", Effect: iampolicy.Allow,
			Actions: []string{"kms:Decrypt"}, Resources: p.SecretKeyARNs,
			Conditions: []iampolicy.Condition{
				iampolicy.Cond("StringEquals", "kms:ViaService", env.ServicePrincipal("secretsmanager."+env.Region)),
			},
		})
	}
	return out
}
