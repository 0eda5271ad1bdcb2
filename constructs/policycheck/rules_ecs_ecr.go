package policycheck

import (
	"encoding/json"
	"fmt"
)

const (
	ecsTaskDefinition = "aws_ecs_task_definition"
	ecsCluster        = "aws_ecs_cluster"
	ecrRepository     = "aws_ecr_repository"
)

var ecsRules = []Rule{
	{
		ID:          "ECS-1",
		Severity:    Error,
		Description: "Every container of a task definition has a read-only root filesystem.",
		Fix:         `set "readonlyRootFilesystem": true in each container definition and mount a volume where the application must write (fargateservice mounts /tmp)`,
		Types:       []string{ecsTaskDefinition},
		Checkov:     []string{"CKV_AWS_336"},
		check:       checkECSReadOnlyRoot,
	},
	{
		ID:          "ECS-2",
		Severity:    Error,
		Description: "No container of a task definition runs privileged.",
		Fix:         `remove "privileged": true from the container definition; add the one Linux capability needed instead`,
		Types:       []string{ecsTaskDefinition},
		Checkov:     []string{"CKV_AWS_334"},
		check:       checkECSPrivileged,
	},
	{
		ID:          "ECS-3",
		Severity:    Error,
		Description: "No task definition uses the host network mode.",
		Fix:         `set network_mode = "awsvpc", which gives each task its own network interface and security group`,
		Types:       []string{ecsTaskDefinition},
		check:       checkECSHostNetwork,
	},
	{
		ID:          "ECS-4",
		Severity:    Error,
		Description: "Every container of a task definition sends its logs somewhere.",
		Fix:         `give each container definition a "logConfiguration", such as the awslogs driver to an encrypted log group`,
		Types:       []string{ecsTaskDefinition},
		check:       checkECSLogs,
	},
	{
		ID:          "ECS-5",
		Severity:    Warning,
		Description: "Every ECS cluster has Container Insights on.",
		Fix:         `add setting { name = "containerInsights", value = "enabled" } to the cluster`,
		Types:       []string{ecsCluster},
		Checkov:     []string{"CKV_AWS_65"},
		Trivy:       []string{"AVD-AWS-0034"},
		check:       checkECSContainerInsights,
	},
	{
		ID:          "ECR-1",
		Severity:    Error,
		Description: "Every ECR repository scans images on push.",
		Fix:         "set image_scanning_configuration { scan_on_push = true }",
		Types:       []string{ecrRepository},
		Checkov:     []string{"CKV_AWS_163"},
		Trivy:       []string{"AVD-AWS-0030"},
		check:       checkECRScan,
	},
	{
		ID:          "ECR-2",
		Severity:    Error,
		Description: "Every ECR repository has immutable image tags.",
		Fix:         `set image_tag_mutability = "IMMUTABLE" and deploy by a new tag or by digest`,
		Types:       []string{ecrRepository},
		Checkov:     []string{"CKV_AWS_51"},
		Trivy:       []string{"AVD-AWS-0031"},
		check:       checkECRImmutable,
	},
	{
		ID:          "ECR-3",
		Severity:    Error,
		Description: "Every ECR repository encrypts images with a customer-managed KMS key.",
		Fix:         `set encryption_configuration { encryption_type = "KMS", kms_key = <customer-managed key ARN> } (fixed at creation: the repository is replaced)`,
		Types:       []string{ecrRepository},
		Checkov:     []string{"CKV_AWS_136"},
		Trivy:       []string{"AVD-AWS-0033"},
		check:       checkECRKMS,
	},
}

// containers parses a task definition's container definitions. ok is
// false when they are an expression synth cannot read, which the rules
// give the benefit of the doubt.
func containers(r *resource) (defs []map[string]any, ok bool) {
	raw := str(r.attrs, "container_definitions")
	if raw == "" {
		return nil, false
	}
	if err := json.Unmarshal([]byte(raw), &defs); err != nil {
		return nil, false
	}
	return defs, true
}

func containerName(c map[string]any) string {
	if n, ok := c["name"].(string); ok {
		return n
	}
	return "(unnamed)"
}

func eachContainer(r *resource, bad func(c map[string]any) string) []string {
	defs, ok := containers(r)
	if !ok {
		return nil
	}
	var out []string
	for _, c := range defs {
		if msg := bad(c); msg != "" {
			out = append(out, fmt.Sprintf("container %s: %s", containerName(c), msg))
		}
	}
	return out
}

func checkECSReadOnlyRoot(_ *stack, r *resource) []string {
	return eachContainer(r, func(c map[string]any) string {
		if v, _ := c["readonlyRootFilesystem"].(bool); !v {
			return "readonlyRootFilesystem is not true: a compromised process can rewrite the container's binaries"
		}
		return ""
	})
}

func checkECSPrivileged(_ *stack, r *resource) []string {
	return eachContainer(r, func(c map[string]any) string {
		if v, _ := c["privileged"].(bool); v {
			return "privileged is true: the container has root on the host"
		}
		return ""
	})
}

func checkECSHostNetwork(_ *stack, r *resource) []string {
	if str(r.attrs, "network_mode") == "host" {
		return []string{`network_mode is "host": tasks share the host's network stack and bypass security groups`}
	}
	return nil
}

func checkECSLogs(_ *stack, r *resource) []string {
	return eachContainer(r, func(c map[string]any) string {
		lc, _ := c["logConfiguration"].(map[string]any)
		if d, _ := lc["logDriver"].(string); d == "" {
			return "no logConfiguration: the container's output is lost"
		}
		return ""
	})
}

func checkECSContainerInsights(_ *stack, r *resource) []string {
	for _, s := range blocks(r.attrs, "setting") {
		if str(s, "name") == "containerInsights" {
			if v := str(s, "value"); v == "enabled" || v == "enhanced" || isExpr(v) {
				return nil
			}
		}
	}
	return []string{"Container Insights is not enabled"}
}

func checkECRScan(_ *stack, r *resource) []string {
	if !on(block(r.attrs, "image_scanning_configuration"), "scan_on_push", false) {
		return []string{"scan_on_push is not true: pushed images are not scanned for vulnerabilities"}
	}
	return nil
}

func checkECRImmutable(_ *stack, r *resource) []string {
	switch v := str(r.attrs, "image_tag_mutability"); {
	case v == "IMMUTABLE" || isExpr(v):
		return nil
	case v == "":
		return []string{"image_tag_mutability is unset (MUTABLE): a tag can be moved to another image"}
	default:
		return []string{fmt.Sprintf("image_tag_mutability is %q: a tag can be moved to another image", v)}
	}
}

func checkECRKMS(_ *stack, r *resource) []string {
	enc := block(r.attrs, "encryption_configuration")
	switch {
	case str(enc, "encryption_type") != "KMS":
		return []string{"encryption_type is not KMS (AES256 is the default)"}
	case !set(enc, "kms_key") || managedKey(str(enc, "kms_key")):
		return []string{"kms_key is not a customer-managed key (the AWS managed aws/ecr key's policy cannot be restricted)"}
	}
	return nil
}
