package fargateservice

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/fargateservice/taskspec"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/snstopic"
)

// Props configures a Service. The zero value plus Name and the network
// fields is a secure service: an ECR repository (scan on push, immutable
// tags, KMS, lifecycle policy), a cluster with Container Insights, a task
// of 0.5 vCPU and 1 GiB running as a non-root user on a read-only root
// filesystem with all Linux capabilities dropped, logs to an encrypted log
// group, 2-10 tasks scaled on CPU, and deployments that roll back on
// failure.
type Props struct {
	// Name prefixes every name the service makes (cluster, service,
	// repository, roles, log group, key alias), such as "acme-prod-app":
	// lowercase letters, digits and single hyphens, at most MaxNameLength.
	// The roles are IAM roles, whose names are global to the account: build
	// one Service of a name per account.
	Name string
	// VPCID is the VPC of the subnets. Required.
	VPCID *string
	// SubnetIDs are the private subnets the tasks run in; at least two.
	SubnetIDs []*string
	// SecurityGroupID is the tasks' security group (networkhub's app tier
	// group). Required.
	SecurityGroupID *string
	// TargetGroupARN is the internal load balancer's target group, of
	// target type "ip" (awsvpc tasks register by address). Required.
	TargetGroupARN *string
	// LoadBalancerReady are what must exist before the service: the
	// listener (or listener rule) that forwards to TargetGroupARN. ECS
	// refuses to create a service whose target group is not associated
	// with a load balancer yet ("The target group ... does not have an
	// associated load balancer": aws/aws-cdk#1160,
	// hashicorp/terraform-provider-aws#3495).
	LoadBalancerReady []cdktf.ITerraformDependable

	// ContainerPort is the port the container listens on; default 8080.
	ContainerPort int
	// Image is the full image URI; default the service's own repository
	// with ImageTag.
	Image string
	// ImageTag is the tag of the image in the service's repository;
	// default DefaultImageTag. The repository's tags are immutable, so
	// "latest" (a tag meant to move) is refused.
	ImageTag string
	// User is the user (and group) the container runs as, "uid" or
	// "uid:gid"; default DefaultUser. Root ("0", "root") is refused.
	User string
	// CPU is the task's CPU units (256 = 0.25 vCPU) and MemoryMiB its
	// memory; they must be a combination Fargate offers. Defaults 512 and
	// 1024.
	CPU, MemoryMiB int
	// MinTasks and MaxTasks bound CPU autoscaling; defaults 2 and 10, the
	// architecture guide's 3.4. MinTasks is also the desired count the
	// service starts with; afterwards autoscaling owns it.
	MinTasks, MaxTasks int
	// TargetCPUPercent is the average CPU autoscaling keeps; 10-90,
	// default 70.
	TargetCPUPercent int
	// Secrets are environment variables set from Secrets Manager: name to
	// secret ARN (optionally with ":json-key:version-stage:version-id"
	// after it, as ECS accepts), or a reference to a secret's ARN (a
	// token, alone). The execution role may read exactly these secrets,
	// nothing else.
	Secrets map[string]string
	// SecretKeyARNs are the customer-managed KMS keys that encrypt Secrets
	// (ARNs or references); the execution role may decrypt with them
	// through Secrets Manager only. Secrets under the AWS managed key need
	// none.
	SecretKeyARNs []string
	// Share mounts an EFS access point into the container; nil mounts
	// none.
	Share *EFSVolume
	// TaskRole is the application's role made beforehand with NewTaskRole,
	// for when a resource made before the service must name it (a
	// file-system policy that admits it); nil makes it here.
	TaskRole *iamrole.Role
	// Environment are plain environment variables. Names must not repeat
	// those of Secrets.
	Environment map[string]string
	// HealthCheckPath is the path the container health check asks on
	// ContainerPort; default "/health". The check runs curl inside the
	// container, so the image must have it; HealthCheckCommand replaces
	// it.
	HealthCheckPath string
	// HealthCheckCommand replaces the container health check command
	// (ECS's CMD-SHELL form), for images without curl.
	HealthCheckCommand string
	// LogRetentionDays is how long the log group keeps the container logs;
	// default 365.
	LogRetentionDays int
	// Key encrypts the repository and the log group; nil makes one. A given
	// key gets the statement letting CloudWatch Logs use it.
	Key *kmskey.Key
	// AlarmTopic receives alarms on CPU, memory and running tasks; nil
	// makes no alarms.
	AlarmTopic *snstopic.Topic
	// EnableExecuteCommand turns ECS Exec on (an interactive shell in
	// running tasks, recorded by CloudTrail). Off by default; refused in
	// production.
	EnableExecuteCommand bool
	// Production refuses fewer than two tasks and ECS Exec.
	Production bool
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// EFSVolume is an EFS file system mounted through an access point, with
// TLS and the task role (Amazon ECS Developer Guide, "Use Amazon EFS
// volumes with Amazon ECS"; efsshare.Share gives the ids).
type EFSVolume struct {
	// FileSystemID and AccessPointID are the file system's and access
	// point's ids (references). Required.
	FileSystemID, AccessPointID *string
	// ContainerPath is where the container sees the share: an absolute
	// path, not / and not /tmp (the task's scratch volume).
	ContainerPath string
	// Ready are what the service waits for: the file system's mount
	// targets (efsshare.Share.Ready). The file system's DNS name resolves
	// only in a zone with a mount target (Amazon EFS User Guide, "Mounting
	// on Amazon EC2 with a DNS name"), so a task started before its zone's
	// mount target fails (ResourceInitializationError: failed to resolve
	// the file system), and a first deployment that keeps failing trips the
	// circuit breaker.
	Ready []cdktf.ITerraformDependable
}

// shareVolume is the task definition's name for the Share volume.
const shareVolume = "share"

// Defaults of the fields whose zero value means "the default".
const (
	DefaultContainerPort    = 8080
	DefaultImageTag         = "v1"
	DefaultUser             = "1000:1000"
	DefaultCPU              = 512
	DefaultMemoryMiB        = 1024
	DefaultMinTasks         = 2
	DefaultMaxTasks         = 10
	DefaultTargetCPUPercent = 70
	DefaultHealthCheckPath  = "/health"
	// MaxNameLength leaves room for "-execution" in 64-character role
	// names and for the suffixes of alarm and policy names.
	MaxNameLength = 40
	// ContainerName is the name of the task's only container, which the
	// load balancer forwards to.
	ContainerName = "app"
)

var (
	envRE     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	userRE    = regexp.MustCompile(`^[a-z0-9_][a-z0-9_-]*(:[a-z0-9_][a-z0-9_-]*)?$`)
	secretRE  = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+`)
	kmsKeyRE  = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-f0-9-]+$`)
	pathRE    = regexp.MustCompile(`^/[A-Za-z0-9/._~-]*$`)
	rootUsers = []string{"0", "root", "0:0", "root:root"}
	// onlyToken is a value that is one CDKTF string token and nothing else.
	onlyToken       = regexp.MustCompile(`^\$\{TfToken\[[^\]]*\]\}$`)
	containerPathRE = regexp.MustCompile(`^(/[A-Za-z0-9._-]+)+$`)
)

// isToken reports whether s holds a CDKTF string token, in plain Go.
func isToken(s string) bool { return strings.Contains(s, "${TfToken[") }

func (p *Props) defaults() {
	set := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	set(&p.ContainerPort, DefaultContainerPort)
	set(&p.CPU, DefaultCPU)
	set(&p.MemoryMiB, DefaultMemoryMiB)
	set(&p.MinTasks, DefaultMinTasks)
	set(&p.MaxTasks, DefaultMaxTasks)
	set(&p.TargetCPUPercent, DefaultTargetCPUPercent)
	set(&p.LogRetentionDays, loggroup.DefaultRetentionDays)
	if p.ImageTag == "" && p.Image == "" {
		p.ImageTag = DefaultImageTag
	}
	if p.User == "" {
		p.User = DefaultUser
	}
	if p.HealthCheckPath == "" {
		p.HealthCheckPath = DefaultHealthCheckPath
	}
}

// validate applies the defaults and reports every problem, one line each,
// naming the field and the value.
func (p *Props) validate(id string) error {
	p.defaults()
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("fargateservice %s: "+format, append([]any{id}, args...)...))
	}
	if err := naming.CheckPrefix(p.Name, MaxNameLength); err != nil {
		if p.Name == "" {
			fail("Name %v", err)
		} else {
			fail("Name %q: %v", p.Name, err)
		}
	}
	if p.VPCID == nil {
		fail("VPCID is required")
	}
	if len(p.SubnetIDs) < 2 {
		fail("SubnetIDs: %d subnets; give the private subnets of at least two availability zones", len(p.SubnetIDs))
	}
	for i, s := range p.SubnetIDs {
		if s == nil {
			fail("SubnetIDs[%d] is nil", i)
		}
	}
	if p.SecurityGroupID == nil {
		fail("SecurityGroupID is required (the app tier's security group)")
	}
	if p.TargetGroupARN == nil {
		fail("TargetGroupARN is required (the internal load balancer's ip target group)")
	}
	if p.ContainerPort < 1 || p.ContainerPort > 65535 {
		fail("ContainerPort %d: must be 1-65535", p.ContainerPort)
	}
	if p.Image != "" && p.ImageTag != "" {
		fail("ImageTag %q: give either Image (a full URI) or ImageTag (in the service's repository)", p.ImageTag)
	}
	if p.Image != "" && !pinnedImage(p.Image) {
		fail("Image %q: give a full image URI with a fixed tag or digest, not latest", p.Image)
	}
	if p.ImageTag != "" {
		if err := taskspec.CheckImageTag(p.ImageTag); err != nil {
			fail("ImageTag %q: %v", p.ImageTag, err)
		}
	}
	if slices.Contains(rootUsers, p.User) || strings.HasPrefix(p.User, "0:") || strings.HasPrefix(p.User, "root:") {
		fail("User %q: containers run as a non-root user", p.User)
	} else if !userRE.MatchString(p.User) {
		fail("User %q: give \"uid\", \"uid:gid\" or a user name", p.User)
	}
	if err := taskspec.CheckTaskSize(p.CPU, p.MemoryMiB); err != nil {
		fail("%v", err)
	}
	switch {
	case p.MinTasks < 1:
		fail("MinTasks %d: at least 1", p.MinTasks)
	case p.Production && p.MinTasks < 2:
		fail("MinTasks %d: production services run at least 2 tasks, in two zones", p.MinTasks)
	}
	if p.MaxTasks < p.MinTasks {
		fail("MaxTasks %d: less than MinTasks %d", p.MaxTasks, p.MinTasks)
	}
	if p.TargetCPUPercent < 10 || p.TargetCPUPercent > 90 {
		fail("TargetCPUPercent %d: use 10-90", p.TargetCPUPercent)
	}
	for _, name := range sortedKeys(p.Secrets) {
		arn := p.Secrets[name]
		if !envRE.MatchString(name) {
			fail("Secrets[%q]: not an environment variable name", name)
		}
		switch {
		case onlyToken.MatchString(arn):
		case isToken(arn):
			fail("Secrets[%q] %q: a reference must be the secret's ARN alone", name, arn)
		case !secretRE.MatchString(arn):
			fail("Secrets[%q] %q: not a Secrets Manager secret ARN", name, arn)
		}
		if _, dup := p.Environment[name]; dup {
			fail("Environment[%q]: also set from Secrets", name)
		}
	}
	for i, k := range p.SecretKeyARNs {
		if !onlyToken.MatchString(k) && !kmsKeyRE.MatchString(k) {
			fail("SecretKeyARNs[%d] %q: not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)", i, k)
		}
	}
	for _, name := range sortedKeys(p.Environment) {
		if !envRE.MatchString(name) {
			fail("Environment[%q]: not an environment variable name", name)
		}
	}
	if strings.ContainsAny(p.HealthCheckCommand, "\r\n") {
		fail("HealthCheckCommand %q: one line", p.HealthCheckCommand)
	}
	if p.HealthCheckCommand == "" && !pathRE.MatchString(p.HealthCheckPath) {
		fail("HealthCheckPath %q: an absolute URL path of letters, digits and /._~-", p.HealthCheckPath)
	}
	if err := loggroup.CheckRetention(p.LogRetentionDays); err != nil {
		fail("LogRetentionDays %v", err)
	}
	if p.Production && p.EnableExecuteCommand {
		fail("EnableExecuteCommand: refused in production (a shell in running tasks)")
	}
	if v := p.Share; v != nil {
		if v.FileSystemID == nil || v.AccessPointID == nil {
			fail("Share: FileSystemID and AccessPointID are required (efsshare.Share's ids)")
		}
		switch {
		case !containerPathRE.MatchString(v.ContainerPath) || v.ContainerPath == "/":
			fail("Share.ContainerPath %q: an absolute path below / of letters, digits and ._-", v.ContainerPath)
		case v.ContainerPath == "/tmp" || strings.HasPrefix(v.ContainerPath, "/tmp/"):
			fail("Share.ContainerPath %q: /tmp is the task's scratch volume", v.ContainerPath)
		}
		if slices.Contains(v.Ready, nil) {
			fail("Share.Ready: an entry is nil")
		}
	}
	return errors.Join(errs...)
}

// pinnedImage reports whether an image URI names a registry path and a
// fixed tag (not latest) or a digest: without a tag, Docker pulls latest.
func pinnedImage(image string) bool {
	slash := strings.LastIndex(image, "/")
	if slash < 0 || strings.ContainsAny(image, " \t\n") {
		return false
	}
	if strings.Contains(image, "@sha256:") {
		return true
	}
	colon := strings.LastIndex(image, ":")
	return colon > slash && image[colon+1:] != "latest" && image[colon+1:] != ""
}

// secretResource is the secret's ARN without the JSON key, stage and
// version ECS accepts after it, which is what IAM matches.
func secretResource(valueFrom string) string {
	parts := strings.SplitN(valueFrom, ":", 8)
	if len(parts) < 7 {
		return valueFrom
	}
	return strings.Join(parts[:7], ":")
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CheckTaskSize reports whether Fargate offers a task of cpu units and
// memory MiB (taskspec.CheckTaskSize).
func CheckTaskSize(cpu, memory int) error { return taskspec.CheckTaskSize(cpu, memory) }

// CheckImageTag checks a tag of the service's repository
// (taskspec.CheckImageTag): letters, digits, '_', '.' and '-', and not
// latest, since the repository's tags are immutable.
func CheckImageTag(tag string) error { return taskspec.CheckImageTag(tag) }
