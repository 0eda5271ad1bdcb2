package stacks

import (
	"fmt"

	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/stacks/org"
)

// workload is one environment's stack in its workload account.
func (b *builder) workload(e *org.Environment) error {
	acct, _ := b.org.Account(e.Account)
	st, env, err := b.newStack(WorkloadStackName(e.Name), acct, e.Region, e.Name)
	if err != nil {
		return err
	}
	st.Environment = e
	fail := func(err error) error { return fmt.Errorf("stack %s: %w", st.Name, err) }

	logs, err := accessLogBucket(st.TF, b.org.Name, env)
	if err != nil {
		return fail(err)
	}
	dataName, err := naming.Bucket(b.org.Name, e.Name+"-data", env.AccountID, env.Region)
	if err != nil {
		return fail(err)
	}
	data, err := securebucket.New(st.TF, "app-data", securebucket.Props{
		Name:       dataName,
		AccessLogs: securebucket.AccessLogs{Target: logs},
	})
	if err != nil {
		return fail(err)
	}
	if err := b.workloadIAM(st, env, e, data); err != nil {
		return err
	}
	vpc, tiers, err := b.workloadNetwork(st, env, e)
	if err != nil {
		return err
	}
	if _, err := b.workloadDatabase(st, e, vpc, tiers); err != nil {
		return err
	}
	return b.accountBaseline(st, env)
}
