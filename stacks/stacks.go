// Package stacks assembles the organization model into CDKTF stacks: one per
// account, plus one per workload environment.
//
// Stack names are stable and are what `cdktf deploy <stack>` takes:
//
//	organization      management account: the organization, OUs, accounts, policies
//	log-archive       log-archive account: the central log bucket
//	security          security account: delegated security services
//	management        management account: organization trail, account baseline
//	network           network account: Transit Gateway hub
//	shared-services   shared-services account (when the model has one)
//	workload-<env>    each environment's account: VPC, data, applications
//	peering-<a>-<b>   environment b's account: accepts a modelled VPC peering
//	network-attachments  network account: accepts the workloads' attachments
//	spoke-routes-<env>   each environment's account: its routes to the Transit Gateway
//	security-rules    security account: AWS Config organization rules, which
//	                  need every account's recorders, so it comes last
//
// Deploy them in that order (see the README): each later stack uses what an
// earlier one created, by names and ARNs derived from the model.
//
// Every account stack covers every allowed region: resources of its own
// region use the stack's provider, those of the other regions sit under a
// child construct named after the region and use an aliased provider of
// the same account (inRegion). The security stack also holds providers of
// the management account, for the designations it must order after its
// own resources (managementProvider).
package stacks

import (
	"encoding/json"
	"fmt"
	"github.com/acme/landing-zone/constructs/accountbaseline"
	"slices"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/lambdapkg"
	"github.com/acme/landing-zone/constructs/networkhub"
	"github.com/acme/landing-zone/constructs/serverlessorders"
	"github.com/acme/landing-zone/constructs/tags"
	"github.com/acme/landing-zone/stacks/org"
)

// Stack names of the account stacks. Workload stacks are named by
// WorkloadStackName.
const (
	OrganizationStack   = "organization"
	LogArchiveStack     = "log-archive"
	SecurityStack       = "security"
	ManagementStack     = "management"
	NetworkStack        = "network"
	SharedServicesStack = "shared-services"
	// SecurityRulesStack holds the AWS Config organization rules; it is
	// deployed last, after every account has its recorders.
	SecurityRulesStack = "security-rules"
)

// WorkloadStackName is the stack name of an environment.
func WorkloadStackName(env string) string { return "workload-" + env }

// Options change how stacks are built without changing the model.
type Options struct {
	// Backend overrides the model's backend type ("" keeps it). Use
	// org.BackendLocal to try the project out without a state bucket.
	Backend org.BackendType
	// Lambdas compiles the Lambda functions; nil makes a Builder for this
	// app. Share one between apps built in one process.
	Lambdas *lambdapkg.Builder
}

// Stack is one stack of the app and what it was built for.
type Stack struct {
	Name    string
	Account org.Account
	Region  string
	// Environment is set on workload stacks.
	Environment *org.Environment
	TF          cdktf.TerraformStack

	// providerCfg is the stack's default provider configuration, which
	// the regional scopes copy with another region.
	providerCfg provider.AwsProviderConfig
	// info is what Dependencies knows of the stack.
	info StackInfo
	// regions are the stack's scopes in regions other than its own.
	regions map[string]*regionScope
	// management are providers of the management account by region, in
	// stacks that act on the organization from another account.
	management map[string]provider.AwsProvider
	// baseline is the account baseline of the stack's own region, once
	// accountBaseline has run.
	baseline *accountbaseline.Baseline
	// baselines are the account baselines by region.
	baselines map[string]*accountbaseline.Baseline
}

// Build adds every stack of the model to app. The model must be valid
// (org.Load and org.Example return valid models). Before bootstrap, when
// ids are missing, only the organization stack is built; Skipped says why
// the others are not.
func Build(app constructs.Construct, o *org.Organization, opts Options) (*Result, error) {
	if err := o.Validate("organization"); err != nil {
		return nil, err
	}
	b := &builder{app: app, org: o, opts: opts, res: &Result{}, lambdas: opts.Lambdas, vpcs: map[string]workloadVPC{}}
	if b.lambdas == nil {
		b.lambdas = &lambdapkg.Builder{}
	}
	steps := []func() error{b.organization}
	if missing := o.MissingIDs(); len(missing) > 0 {
		b.res.Skipped = fmt.Sprintf("bootstrap: only the %s stack is built until these fields are set from its outputs: %v", OrganizationStack, missing)
	} else {
		// The Lambda packages build (or come from their cache) on another
		// core while the account stacks are made.
		b.lambdas.Prefetch(slices.Concat(serverlessorders.HandlerPackages(), analyticsHandlers(o), storageHandlers(o))...)
		steps = append(steps, b.logArchive, b.security, b.management, b.network, b.sharedServices)
		for i := range o.Environments {
			env := &o.Environments[i]
			steps = append(steps, func() error { return b.workload(env) })
		}
		steps = append(steps, b.peerings, b.networkAttachments, b.spokeRoutesStacks, b.securityRules)
	}
	steps = append(steps, b.declareDependencies)
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return b.res, nil
}

// Result is what Build made.
type Result struct {
	Stacks []*Stack
	// Skipped explains stacks left out during bootstrap; empty otherwise.
	Skipped string
}

// Stack returns the stack called name.
func (r *Result) Stack(name string) (*Stack, bool) {
	for _, s := range r.Stacks {
		if s.Name == name {
			return s, true
		}
	}
	return nil, false
}

// StackJSON returns the Terraform JSON of the stack called name, as synth
// would write it; for PublishOptions.HCLStackJSON when the app wrote HCL.
// Call it after the app's Synth.
func (r *Result) StackJSON(name string) ([]byte, error) {
	s, ok := r.Stack(name)
	if !ok {
		return nil, fmt.Errorf("no stack %q", name)
	}
	return TerraformJSON(s.TF)
}

// TerraformJSON renders a synthesized stack as Terraform JSON: one call to
// the jsii runtime.
func TerraformJSON(tf cdktf.TerraformStack) ([]byte, error) {
	return json.Marshal(tf.ToTerraform())
}

type builder struct {
	app  constructs.Construct
	org  *org.Organization
	opts Options
	res  *Result
	// hub and spokes carry the Transit Gateway from the network stack to
	// the workload stacks, and their attachments to network-attachments.
	hub    *networkhub.Hub
	spokes []networkhub.AcceptedSpoke
	// spokeRoutes wait for attachments, the network-attachments stack,
	// to be applied first.
	spokeRoutes []pendingRoutes
	attachments *Stack
	// vpcs are the workload VPCs by environment, for peerings.
	vpcs map[string]workloadVPC
	// lambdas builds each Lambda package once for every stack.
	lambdas *lambdapkg.Builder
	// baselined are the accounts (by id) whose stack has the account
	// baseline, Config recorders included.
	baselined map[string]bool
	// logKeyARN is the central log key's ARN (a token of the log-archive
	// stack), for the trail in the management stack.
	logKeyARN *string
}

// terraformRequiredVersion is the Terraform version constraint every stack
// declares (terraform.required_version).
const terraformRequiredVersion = ">= 1.11"

// newStack makes a stack with the provider, backend and default tags: the one
// place where those are attached.
func (b *builder) newStack(name string, role Role, acct org.Account, region string, envName string) (*Stack, awsenv.Env, error) {
	env, err := awsenv.New(acct.ID, region)
	if err != nil {
		return nil, awsenv.Env{}, fmt.Errorf("stack %s: %w", name, err)
	}
	tf := cdktf.NewTerraformStack(b.app, jsii.String(name))
	if err := awsenv.Set(tf, env); err != nil {
		return nil, awsenv.Env{}, fmt.Errorf("stack %s: %w", name, err)
	}

	cfg := b.providerConfig(name, acct, region, envName)
	provider.NewAwsProvider(tf, jsii.String("aws"), &cfg)
	b.backend(tf, name)
	// The S3 backend's use_lockfile (S3-native state locking) arrived in
	// Terraform 1.10, experimental there and generally available in 1.11
	// (Terraform v1.10 and v1.11 upgrade guides, "S3 Native State
	// Locking"); an older Terraform rejects the backend argument, and a
	// production landing zone should not lean on an experiment, so 1.11 is
	// the floor. tflint's terraform_required_version rule asks for it.
	tf.AddOverride(jsii.String("terraform.required_version"), jsii.String(terraformRequiredVersion))

	s := &Stack{Name: name, Account: acct, Region: region, TF: tf, providerCfg: cfg}
	s.info = StackInfo{Name: name, Role: role, Env: envName}
	b.res.Stacks = append(b.res.Stacks, s)
	return s, env, nil
}

// providerConfig is the AWS provider configuration of the stack name in
// acct and region: pinned to the account, assuming its role (member
// accounts) and with the default tags. Regional and management providers
// are copies of it with another region or account.
func (b *builder) providerConfig(name string, acct org.Account, region string, envName string) provider.AwsProviderConfig {
	partition := "aws"
	if r, err := awsregion.Lookup(region); err == nil {
		partition = r.Partition
	}
	environment := envName
	if environment == "" {
		environment = "shared"
	}
	defaultTags := tags.Merge(b.org.Tags.Extra, acct.Tags, map[string]string{
		tags.Environment: environment,
		tags.Owner:       b.org.Tags.Owner,
		tags.CostCenter:  b.org.Tags.CostCenter,
		tags.ManagedBy:   tags.ManagedByValue,
		tags.Account:     acct.Name,
	})
	// The workload stack's resources carry the backup plan's tag; the
	// plan selects those of its four data types only (backupplan).
	if e, ok := b.org.Environment(envName); ok && name == WorkloadStackName(envName) && !e.Backup.Disabled {
		k, v := e.BackupTag(b.org.Name)
		defaultTags[k] = v
	}
	cfg := provider.AwsProviderConfig{
		Region: jsii.String(region),
		// The provider refuses to touch any other account: a wrong
		// profile or role fails the plan instead of changing the wrong
		// account.
		AllowedAccountIds: jsii.Strings(acct.ID),
		DefaultTags:       &[]*provider.AwsProviderDefaultTags{{Tags: tags.Ptrs(defaultTags)}},
	}
	if acct.Kind != org.KindManagement {
		cfg.AssumeRole = &[]*provider.AwsProviderAssumeRole{{
			RoleArn:     jsii.String(fmt.Sprintf("arn:%s:iam::%s:role/%s", partition, acct.ID, acct.RoleName)),
			SessionName: jsii.String("landing-zone-" + name),
		}}
	}
	return cfg
}

func (b *builder) backend(tf cdktf.TerraformStack, name string) {
	be := b.org.Backend
	typ := be.Type
	if b.opts.Backend != "" {
		typ = b.opts.Backend
	}
	switch typ {
	case org.BackendLocal:
		cdktf.NewLocalBackend(tf, &cdktf.LocalBackendConfig{Path: jsii.String("terraform." + name + ".tfstate")})
		return
	case org.BackendCloud:
		// A cloud block (Terraform 1.1+) with one named workspace per
		// stack. Only named workspaces support cross-stack references:
		// CDKTF reads the other stack's outputs through a
		// terraform_remote_state data source of the "remote" backend with
		// the same organization, hostname and workspace name (cdktf
		// lib/backends/cloud-backend.ts, getRemoteStateDataSource).
		var project *string
		if be.Project != "" {
			project = jsii.String(be.Project)
		}
		cfg := &cdktf.CloudBackendConfig{
			Organization: jsii.String(be.Organization),
			Workspaces:   cdktf.NewNamedCloudWorkspace(jsii.String(be.Workspace(name)), project),
		}
		if be.Hostname != "" {
			cfg.Hostname = jsii.String(be.Hostname)
		}
		cdktf.NewCloudBackend(tf, cfg)
		return
	}
	key := name + ".tfstate"
	if be.KeyPrefix != "" {
		key = be.KeyPrefix + "/" + key
	}
	cfg := &cdktf.S3BackendConfig{
		Bucket:  jsii.String(be.Bucket),
		Key:     jsii.String(key),
		Region:  jsii.String(be.Region),
		Encrypt: jsii.Bool(true),
	}
	if be.KMSKeyID != "" {
		cfg.KmsKeyId = jsii.String(be.KMSKeyID)
	}
	if be.RoleARN != "" {
		cfg.AssumeRole = &cdktf.S3BackendAssumeRoleConfig{RoleArn: jsii.String(be.RoleARN)}
	}
	cdktf.NewS3Backend(tf, cfg)
	// S3-native state locking (Terraform 1.11+); cdktf 0.20 has no field
	// for it yet.
	tf.AddOverride(jsii.String("terraform.backend.s3.use_lockfile"), jsii.Bool(true))
}

func (b *builder) mustAccount(kind org.AccountKind) org.Account {
	a, _ := b.org.AccountOfKind(kind) // Validate guarantees one of each core kind
	return a
}
