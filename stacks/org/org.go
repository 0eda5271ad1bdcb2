// Package org is the organization model: the accounts, environments, regions,
// tags and state backend that every stack is built from.
//
// A model comes from Example (the built-in example organization) or from a
// YAML or JSON file through Load. Either way it is checked by Validate before
// any construct exists, so that bad input ends in a clear error instead of a
// half-built tree.
package org

import "github.com/acme/landing-zone/constructs/costestimate"

// Organization is the whole model.
type Organization struct {
	// Name is a short lowercase name used in resource and bucket names.
	Name string `yaml:"name"`
	// ID is the AWS Organizations id (o-xxxxxxxxxx) once the organization
	// stack has created it; empty during bootstrap.
	ID string `yaml:"id,omitempty"`
	// HomeRegion hosts the organization-wide services (trail, aggregators).
	HomeRegion string `yaml:"home_region"`
	// AllowedRegions are the only regions the region-deny SCP lets
	// accounts use; HomeRegion and every environment's region must be here.
	AllowedRegions []string `yaml:"allowed_regions"`
	// OrganizationalUnits are OU paths such as "Workloads/Prod"; parents
	// must be listed too. Empty means DefaultOrganizationalUnits.
	OrganizationalUnits []string `yaml:"organizational_units,omitempty"`
	// Guardrails attach guardrail SCPs to the root and OUs; empty means
	// DefaultGuardrails.
	Guardrails   []Guardrail  `yaml:"guardrails,omitempty"`
	TagPolicy    TagPolicy    `yaml:"tag_policy,omitempty"`
	BackupPolicy BackupPolicy `yaml:"backup_policy,omitempty"`
	Trail        Trail        `yaml:"trail,omitempty"`
	// ConfigRules are AWS Config managed rule identifiers deployed to every
	// account in addition to the baseline set (orgbaseline.DefaultConfigRules).
	ConfigRules  []string      `yaml:"config_rules,omitempty"`
	Tags         Tags          `yaml:"tags"`
	Backend      Backend       `yaml:"backend"`
	Accounts     []Account     `yaml:"accounts"`
	Environments []Environment `yaml:"environments"`
	// Network configures the Transit Gateway hub in the network account.
	Network Network `yaml:"network,omitempty"`
	// CostAssumptions are the monthly usage quantities the cost estimate
	// (cost-estimate.md, written at every synth) cannot read from the
	// stacks, per resource of each kind: nat_gateway_gb: 200 means 200 GB
	// through every NAT gateway. Keys left out are assumed 0 and the
	// report says so. The keys are costestimate.UsageKeys; quantities are
	// non-negative.
	CostAssumptions costestimate.Assumptions `yaml:"cost_assumptions,omitempty"`
}

// DefaultOrganizationalUnits is the OU tree of the reference architecture.
var DefaultOrganizationalUnits = []string{
	"Security", "Infrastructure", "Workloads",
	"Workloads/Dev", "Workloads/Staging", "Workloads/Prod", "Suspended",
}

// Tags are the tags every resource carries through the provider's default
// tags. Owner and CostCenter are required: untagged spend is the first
// thing a FinOps review finds.
type Tags struct {
	Owner      string            `yaml:"owner"`
	CostCenter string            `yaml:"cost_center"`
	Extra      map[string]string `yaml:"extra,omitempty"`
}

// Trail configures the organization trail.
type Trail struct {
	// DisableS3DataEvents stops recording object-level S3 calls (reads and
	// writes of objects) in every account. They are on by default, as CIS
	// asks, and billed per event: busy buckets make them the trail's main
	// cost.
	DisableS3DataEvents bool `yaml:"disable_s3_data_events,omitempty"`
	// LogRetentionDays keeps the trail's CloudWatch Logs copy; default 365.
	// The S3 copy follows the log archive's lifecycle.
	LogRetentionDays int `yaml:"log_retention_days,omitempty"`
}

// BackendType selects where Terraform state lives.
type BackendType string

// Backend types.
const (
	// BackendS3 keeps state in an encrypted S3 bucket with S3-native
	// locking: the choice for real use.
	BackendS3 BackendType = "s3"
	// BackendLocal keeps state in files beside the stacks: for trying the
	// project out.
	BackendLocal BackendType = "local"
	// BackendCloud keeps state in HCP Terraform or Terraform Enterprise:
	// a cloud block with one workspace per stack, named
	// <workspace_prefix>-<stack>, in Organization, so that teams plan and
	// apply there.
	BackendCloud BackendType = "cloud"
)

// Backend configures Terraform state for every stack. Each stack's state key
// is KeyPrefix/<stack>.tfstate (s3), or its workspace is
// WorkspacePrefix-<stack> (cloud), so stacks never share a state file.
type Backend struct {
	Type      BackendType `yaml:"type"`
	Bucket    string      `yaml:"bucket,omitempty"`
	KeyPrefix string      `yaml:"key_prefix,omitempty"`
	Region    string      `yaml:"region,omitempty"`
	// KMSKeyID encrypts state objects with a customer-managed key; empty
	// uses the bucket's default encryption.
	KMSKeyID string `yaml:"kms_key_id,omitempty"`
	// RoleARN is assumed to reach the state bucket when it lives in
	// another account than the caller's credentials.
	RoleARN string `yaml:"role_arn,omitempty"`

	// Organization is the HCP Terraform or Terraform Enterprise
	// organization that holds the workspaces (cloud; required).
	Organization string `yaml:"organization,omitempty"`
	// Hostname is a Terraform Enterprise host name; empty means HCP
	// Terraform (app.terraform.io).
	Hostname string `yaml:"hostname,omitempty"`
	// Project is the HCP Terraform project new workspaces are made in;
	// empty means the organization's default project.
	Project string `yaml:"project,omitempty"`
	// WorkspacePrefix starts each stack's workspace name,
	// <prefix>-<stack>; default the organization's name.
	WorkspacePrefix string `yaml:"workspace_prefix,omitempty"`
}

// Workspace is the HCP Terraform workspace of the stack called stack.
func (b Backend) Workspace(stack string) string { return b.WorkspacePrefix + "-" + stack }

// AccountKind is the job an account does in the landing zone. Each kind but
// workload and shared-services appears exactly once.
type AccountKind string

// Account kinds.
const (
	KindManagement     AccountKind = "management"
	KindLogArchive     AccountKind = "log-archive"
	KindSecurity       AccountKind = "security"
	KindNetwork        AccountKind = "network"
	KindSharedServices AccountKind = "shared-services"
	KindWorkload       AccountKind = "workload"
)

var accountKinds = []AccountKind{KindManagement, KindLogArchive, KindSecurity, KindNetwork, KindSharedServices, KindWorkload}

// Account is one AWS account of the organization.
type Account struct {
	Name  string      `yaml:"name"`
	Email string      `yaml:"email"`
	Kind  AccountKind `yaml:"kind"`
	// OU is the path of the account's organizational unit; empty (root) is
	// allowed only for the management account.
	OU string `yaml:"ou,omitempty"`
	// ID is the 12-digit account id; empty until the organization stack has
	// created the account (see the README's bootstrap order).
	ID string `yaml:"id,omitempty"`
	// RoleName is the role the stacks assume in the account; the default is
	// the role AWS Organizations creates in new accounts.
	RoleName string            `yaml:"role_name,omitempty"`
	Tags     map[string]string `yaml:"tags,omitempty"`
	// ExistingServiceLinkedRoles names the service-linked roles the account
	// already has ("config", "autoscaling", "spot", "ec2fleet"), which the
	// baseline must not create again: accounts that used AWS Config, Auto
	// Scaling, Spot Instances or EC2 Fleet before joining the landing zone
	// have them, and IAM refuses a second one.
	ExistingServiceLinkedRoles []string `yaml:"existing_service_linked_roles,omitempty"`
}

// Service-linked roles the account baseline creates unless they exist.
const (
	ServiceLinkedConfig      = "config"
	ServiceLinkedAutoScaling = "autoscaling"
	ServiceLinkedSpot        = "spot"
	ServiceLinkedEC2Fleet    = "ec2fleet"
)

// DefaultRoleName is the role AWS Organizations creates in member accounts.
const DefaultRoleName = "OrganizationAccountAccessRole"

// Environment is one workload environment: a VPC and the application
// stack, deployed into one workload account.
type Environment struct {
	Name    string `yaml:"name"`
	Account string `yaml:"account"`
	// Region defaults to the organization's home region.
	Region string `yaml:"region,omitempty"`
	// Production marks environments that get production guardrails: longer
	// retention, the production Transit Gateway segment, stricter floors.
	Production bool `yaml:"production,omitempty"`
	VPC        VPC  `yaml:"vpc"`
	// Database sizes the environment's Aurora cluster.
	Database Database `yaml:"database,omitempty"`
	// Orders configures the serverless orders application.
	Orders Orders `yaml:"orders,omitempty"`
	// Analytics, when present, builds the real-time analytics pipeline.
	Analytics *Analytics `yaml:"analytics,omitempty"`
	// DNS is the environment's Route 53 hosted zone, when it has one.
	DNS *DNS `yaml:"dns,omitempty"`
	// Web is the environment's three-tier web application, when it has
	// one; it needs DNS.
	Web *Web `yaml:"web,omitempty"`
	// ReadOnlyAccess lets engineers of other environments' accounts look
	// around this one, read only.
	ReadOnlyAccess *ReadOnlyAccess `yaml:"read_only_access,omitempty"`
	// DRRegion is where backups and snapshots are copied: one of
	// allowed_regions other than Region. Production needs one.
	DRRegion string `yaml:"dr_region,omitempty"`
	// Images, when present, resizes images uploaded to the web
	// application's uploads bucket into a processed-images bucket.
	Images *Images `yaml:"images,omitempty"`
	// Files, when present, is an EFS file system the app tier mounts.
	Files *Files `yaml:"files,omitempty"`
	// Volumes are EBS volumes, snapshotted daily by Snapshots.
	Volumes   []Volume  `yaml:"volumes,omitempty"`
	Snapshots Snapshots `yaml:"snapshots,omitempty"`
	// Secrets are the app tier's secrets, rotated, never in the file or
	// in state.
	Secrets []Secret `yaml:"secrets,omitempty"`
	// Backup is the environment's backup vault and plan, on by default.
	Backup Backup `yaml:"backup,omitempty"`
}

// ReadOnlyAccess is the guide's cross-account pattern: a view-only role in
// this environment's account, assumable from the From environments' accounts
// by their engineers group, with an external id and MFA. The role sees
// resources and their configuration (the AWS managed ViewOnlyAccess), not
// the data in them, unless ReadData.
type ReadOnlyAccess struct {
	From []string `yaml:"from"`
	// ExternalID is required by the role's trust policy (unless MFAOnly).
	// It is not a secret; it stops the role being assumed by accident
	// through a confused deputy. The console's Switch Role cannot send
	// one: engineers assume the role from the CLI, with a profile naming
	// role_arn, external_id, mfa_serial and source_profile.
	ExternalID string `yaml:"external_id,omitempty"`
	// MFAOnly trusts on MFA alone, without an external id, so that
	// engineers can switch to the role in the console. external_id must
	// then be left out.
	MFAOnly bool `yaml:"mfa_only,omitempty"`
	// ReadData gives the role the AWS managed ReadOnlyAccess instead,
	// which also reads the data (S3 objects, DynamoDB items, log events):
	// the engineers of From could then read this environment's orders and
	// customer emails. Off by default.
	ReadData bool `yaml:"read_data,omitempty"`
}

// Account returns the account called name.
func (o *Organization) Account(name string) (Account, bool) {
	for _, a := range o.Accounts {
		if a.Name == name {
			return a, true
		}
	}
	return Account{}, false
}

// AccountOfKind returns the first account of the kind.
func (o *Organization) AccountOfKind(k AccountKind) (Account, bool) {
	for _, a := range o.Accounts {
		if a.Kind == k {
			return a, true
		}
	}
	return Account{}, false
}

// Environment returns the environment called name.
func (o *Organization) Environment(name string) (Environment, bool) {
	for _, e := range o.Environments {
		if e.Name == name {
			return e, true
		}
	}
	return Environment{}, false
}

// Bootstrapped reports whether the organization id and every account id are
// known, which the stacks other than the organization stack need.
func (o *Organization) Bootstrapped() bool {
	return len(o.MissingIDs()) == 0
}

// MissingIDs lists the model fields still empty before bootstrap is done.
func (o *Organization) MissingIDs() []string {
	var out []string
	if o.ID == "" {
		out = append(out, "id")
	}
	for _, a := range o.Accounts {
		if a.ID == "" {
			out = append(out, "accounts["+a.Name+"].id")
		}
	}
	return out
}

// applyDefaults fills the optional fields. It runs before Validate so that
// errors describe the effective values.
func (o *Organization) applyDefaults() {
	if len(o.OrganizationalUnits) == 0 {
		o.OrganizationalUnits = append([]string(nil), DefaultOrganizationalUnits...)
	}
	if o.Backend.Type == "" {
		o.Backend.Type = BackendLocal
	}
	if o.Backend.Type == BackendCloud && o.Backend.WorkspacePrefix == "" {
		o.Backend.WorkspacePrefix = o.Name
	}
	if o.Backend.Type == BackendS3 {
		if o.Backend.Region == "" {
			o.Backend.Region = o.HomeRegion
		}
		if o.Backend.KeyPrefix == "" {
			o.Backend.KeyPrefix = o.Name
		}
	}
	for i := range o.Accounts {
		if o.Accounts[i].RoleName == "" && o.Accounts[i].Kind != KindManagement {
			o.Accounts[i].RoleName = DefaultRoleName
		}
	}
	for i := range o.Environments {
		e := &o.Environments[i]
		if e.Region == "" {
			e.Region = o.HomeRegion
		}
		e.VPC.applyDefaults(e.Production)
		e.Database.applyDefaults(e.Production)
		e.Orders.applyDefaults(e.Production)
		e.Web.applyDefaults(e.Production)
		if e.Analytics != nil {
			e.Analytics.applyDefaults(e.Production)
		}
		e.applyStorageDefaults()
	}
	o.Network.applyDefaults()
	if len(o.Guardrails) == 0 {
		o.Guardrails = DefaultGuardrails()
	}
	o.BackupPolicy.applyDefaults()
	if o.Trail.LogRetentionDays == 0 {
		o.Trail.LogRetentionDays = 365
	}
}
