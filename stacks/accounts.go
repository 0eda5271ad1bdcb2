package stacks

import (
	"fmt"
	"slices"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/orgbaseline"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/stacks/org"
)

// organization is the management account's organization stack.
func (b *builder) organization() error {
	st, _, err := b.newStack(OrganizationStack, RoleOrganization, b.mustAccount(org.KindManagement), b.org.HomeRegion, "")
	if err != nil {
		return err
	}
	if _, err := orgbaseline.NewOrganization(st.TF, "organization", organizationProps(b.org)); err != nil {
		return fmt.Errorf("stack %s: %w", st.Name, err)
	}
	return nil
}

// LogBucketName is the central log bucket in the log-archive account, which
// the trail, Config and flow logs of every account deliver to.
func LogBucketName(o *org.Organization) string {
	a, _ := o.AccountOfKind(org.KindLogArchive)
	n, _ := naming.Bucket(o.Name, "logs", a.ID, o.HomeRegion)
	return n
}

// LogKeyAlias is the alias of the central log key. Services that take a key
// and store what they are given (the trail) get the key's ARN instead, by
// reference: see management().
func LogKeyAlias(o *org.Organization) string { return o.Name + "/logs" }

// TrailName is the organization trail's name.
func TrailName(o *org.Organization) string { return o.Name + "-organization-trail" }

// logArchiveAccess is who may use the central log bucket and key: the
// trail, Config of every account (each gets the baseline), and flow logs of
// the environments that send them to the log archive.
func (b *builder) logArchiveAccess(partition string) orgbaseline.LogArchiveAccess {
	mgmt := b.mustAccount(org.KindManagement)
	env, _ := awsenv.New(mgmt.ID, b.org.HomeRegion)
	var configAccounts, flowLogAccounts []string
	for _, a := range b.org.Accounts {
		configAccounts = append(configAccounts, a.ID)
	}
	for _, e := range b.org.Environments {
		if e.VPC.FlowLogs.Destination == org.FlowLogsLogArchive {
			a, _ := b.org.Account(e.Account)
			flowLogAccounts = append(flowLogAccounts, a.ID)
		}
	}
	return orgbaseline.LogArchiveAccess{
		Partition:           partition,
		TrailARN:            orgbaseline.TrailARN(env, TrailName(b.org)),
		ManagementAccountID: mgmt.ID,
		OrganizationID:      b.org.ID,
		ConfigAccountIDs:    configAccounts,
		FlowLogAccountIDs:   flowLogAccounts,
		SecurityAccountID:   b.mustAccount(org.KindSecurity).ID,
	}
}

func (b *builder) logArchive() error {
	st, env, err := b.newStack(LogArchiveStack, RoleLogArchive, b.mustAccount(org.KindLogArchive), b.org.HomeRegion, "")
	if err != nil {
		return err
	}
	fail := func(err error) error { return fmt.Errorf("stack %s: %w", st.Name, err) }
	access := b.logArchiveAccess(env.Partition)
	keyStatements, err := access.KeyStatements()
	if err != nil {
		return fail(err)
	}
	key, err := kmskey.New(st.TF, "central-logs-key", kmskey.Props{
		Alias:       LogKeyAlias(b.org),
		Description: "Encrypts the organization's central logs",
		Statements:  keyStatements,
	})
	if err != nil {
		return fail(err)
	}
	logs, err := accessLogBucket(st.TF, b.org.Name, env)
	if err != nil {
		return fail(err)
	}
	bucket, err := securebucket.New(st.TF, "central-logs", securebucket.Props{
		Name:       LogBucketName(b.org),
		KMSKey:     key,
		Lifecycle:  securebucket.LogArchiveLifecycle(),
		AccessLogs: securebucket.AccessLogs{Target: logs},
		// The trail's digest files may arrive SSE-S3; nothing else may.
		SSES3Uploads: access.SSES3Uploads(),
		// No object lock: AWS Config does not deliver to object-locked
		// buckets. Deletion is denied in the bucket policy instead.
	})
	if err != nil {
		return fail(err)
	}
	stmts, err := access.BucketStatements(bucket.ARN)
	if err != nil {
		return fail(err)
	}
	// Logs are evidence: nobody deletes them by hand. Lifecycle expiry is
	// not an API call and still ages them out; changing this statement
	// needs s3:PutBucketPolicy, which CloudTrail records.
	stmts = append(stmts, iampolicy.Statement{
		Sid: "DenyLogDeletion", Effect: iampolicy.Deny, Principals: []iampolicy.Principal{iampolicy.Anyone()},
		Actions:   []string{"s3:DeleteObject", "s3:DeleteObjectVersion"},
		Resources: []string{bucket.ObjectsARN("")},
	})
	if err := bucket.AddToPolicy(stmts...); err != nil {
		return fail(err)
	}
	if err := access.CheckBucketPolicySize(bucket.Policy()); err != nil {
		return fail(err)
	}
	b.logKeyARN = key.ARN
	// This account's Config delivers into the bucket made above, so its
	// channels wait for the bucket's policy (review of issue 15, F2).
	return b.accountBaseline(st, bucket.PolicyResource())
}

// accessLogBucket is the one server access log target of a stack.
func accessLogBucket(scope constructs.Construct, orgName string, env awsenv.Env) (*securebucket.Bucket, error) {
	name, err := naming.Bucket(orgName, "access-logs", env.AccountID, env.Region)
	if err != nil {
		return nil, err
	}
	return securebucket.New(scope, "access-logs", securebucket.Props{Name: name, AccessLogTarget: true})
}

func (b *builder) security() error {
	st, env, err := b.newStack(SecurityStack, RoleSecurity, b.mustAccount(org.KindSecurity), b.org.HomeRegion, "")
	if err != nil {
		return err
	}
	fail := func(err error) error { return fmt.Errorf("stack %s: %w", st.Name, err) }
	logs, err := accessLogBucket(st.TF, b.org.Name, env)
	if err != nil {
		return fail(err)
	}
	findings, err := naming.Bucket(b.org.Name, "guardduty-findings", env.AccountID, env.Region)
	if err != nil {
		return fail(err)
	}
	if _, err := orgbaseline.NewSecurityServices(st.TF, "security", orgbaseline.SecurityServicesProps{
		Name:    b.org.Name,
		Regions: b.org.AllowedRegions,
		InRegion: func(region string) (constructs.Construct, error) {
			scope, _, err := b.inRegion(st, region)
			return scope, err
		},
		Management: func(region string) cdktf.TerraformProvider {
			return b.managementProvider(st, region)
		},
		FindingsBucketName: findings,
		AccessLogs:         securebucket.AccessLogs{Target: logs},
	}); err != nil {
		return fail(err)
	}
	return b.accountBaseline(st)
}

// securityRules is the security account's stack of AWS Config organization
// rules, in every allowed region. It is built, and deployed, after every
// account stack: a rule goes CREATE_FAILED in an account without a
// recorder in that region, and the provider's wait for CREATE_SUCCESSFUL
// then fails the apply (orgbaseline.NewConfigRules).
func (b *builder) securityRules() error {
	st, _, err := b.newStack(SecurityRulesStack, RoleSecurityRules, b.mustAccount(org.KindSecurity), b.org.HomeRegion, "")
	if err != nil {
		return err
	}
	for _, region := range b.regions(st) {
		scope, _, err := b.inRegion(st, region)
		if err != nil {
			return fmt.Errorf("stack %s: region %s: %w", st.Name, region, err)
		}
		if err := orgbaseline.NewConfigRules(scope, "config-rule", orgbaseline.ConfigRulesProps{
			Rules: configRules(b.org.ConfigRules),
			// Accounts without a recorder would fail every rule (review of
			// issue 15, F7): those no stack here gives a baseline.
			ExcludedAccountIDs: withoutBaseline(b.org, b.baselined),
		}); err != nil {
			return fmt.Errorf("stack %s: %w", st.Name, err)
		}
	}
	return nil
}

// configRules are the baseline managed rules plus the model's, each once.
func configRules(extra []string) []string {
	out := append([]string(nil), orgbaseline.DefaultConfigRules...)
	for _, r := range extra {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func (b *builder) management() error {
	st, _, err := b.newStack(ManagementStack, RoleManagement, b.mustAccount(org.KindManagement), b.org.HomeRegion, "")
	if err != nil {
		return err
	}
	if b.logKeyARN == nil {
		return fmt.Errorf("stack %s: the log-archive stack must be built first: the trail needs its key", st.Name)
	}
	if _, err := orgbaseline.NewTrail(st.TF, "organization-trail", orgbaseline.TrailProps{
		Name:             TrailName(b.org),
		BucketName:       LogBucketName(b.org),
		S3DataEvents:     !b.org.Trail.DisableS3DataEvents,
		LogRetentionDays: b.org.Trail.LogRetentionDays,
		// The key's ARN, by cross-stack reference: CloudTrail stores and
		// returns the key ARN whatever form it was given, so an alias ARN
		// shows a change on every plan (terraform-provider-aws issues 694
		// and 33928; TrailProps.KeyARN). The id in the ARN is random, so it
		// comes from the log-archive stack: CDKTF adds an output there and
		// a terraform_remote_state here, like the Transit Gateway id, and
		// the dependency makes log-archive deploy before management. A
		// data source (aws_kms_alias) would need the management account to
		// read the key in the log-archive account at plan time, which the
		// key policy does not grant and the rest of the project avoids.
		KeyARN: *b.logKeyARN,
	}); err != nil {
		return fmt.Errorf("stack %s: %w", st.Name, err)
	}
	return b.accountBaseline(st)
}

func (b *builder) sharedServices() error {
	a, ok := b.org.AccountOfKind(org.KindSharedServices)
	if !ok {
		return nil
	}
	st, _, err := b.newStack(SharedServicesStack, RoleSharedServices, a, b.org.HomeRegion, "")
	if err != nil {
		return err
	}
	return b.accountBaseline(st)
}
