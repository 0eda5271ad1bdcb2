package stacks

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/stacks/org"
)

// organization is the management account's organization stack.
func (b *builder) organization() error {
	_, _, err := b.newStack(OrganizationStack, b.mustAccount(org.KindManagement), b.org.HomeRegion, "")
	return err
}

// LogBucketName is the central log bucket in the log-archive account, which
// the trail, Config and flow logs of every account deliver to.
func LogBucketName(o *org.Organization) string {
	a, _ := o.AccountOfKind(org.KindLogArchive)
	n, _ := naming.Bucket(o.Name, "logs", a.ID, o.HomeRegion)
	return n
}

func (b *builder) logArchive() error {
	st, env, err := b.newStack(LogArchiveStack, b.mustAccount(org.KindLogArchive), b.org.HomeRegion, "")
	if err != nil {
		return err
	}
	logs, err := accessLogBucket(st.TF, b.org.Name, env)
	if err != nil {
		return fmt.Errorf("stack %s: %w", st.Name, err)
	}
	if _, err := securebucket.New(st.TF, "central-logs", securebucket.Props{
		Name:       LogBucketName(b.org),
		Lifecycle:  securebucket.LogArchiveLifecycle(),
		AccessLogs: securebucket.AccessLogs{Target: logs},
		// Logs are evidence: retained in governance mode for a year so
		// that nobody without a bypass grant can delete them early.
		ObjectLock: &securebucket.ObjectLock{Mode: securebucket.Governance, Days: 365},
	}); err != nil {
		return fmt.Errorf("stack %s: %w", st.Name, err)
	}
	return nil
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
	_, _, err := b.newStack(SecurityStack, b.mustAccount(org.KindSecurity), b.org.HomeRegion, "")
	return err
}

func (b *builder) management() error {
	_, _, err := b.newStack(ManagementStack, b.mustAccount(org.KindManagement), b.org.HomeRegion, "")
	return err
}

func (b *builder) network() error {
	_, _, err := b.newStack(NetworkStack, b.mustAccount(org.KindNetwork), b.org.HomeRegion, "")
	return err
}

func (b *builder) sharedServices() error {
	a, ok := b.org.AccountOfKind(org.KindSharedServices)
	if !ok {
		return nil
	}
	_, _, err := b.newStack(SharedServicesStack, a, b.org.HomeRegion, "")
	return err
}
