package stacks

import (
	"fmt"

	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/serverlessorders"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/stacks/org"
)

// workload is one environment's stack in its workload account.
func (b *builder) workload(e *org.Environment) error {
	acct, _ := b.org.Account(e.Account)
	st, env, err := b.newStack(WorkloadStackName(e.Name), RoleWorkload, acct, e.Region, e.Name)
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
	// One alarm topic per environment: whoever is on call subscribes once.
	alarmKey, err := kmskey.New(st.TF, "alarms-key", kmskey.Props{
		Alias:       b.org.Name + "/" + e.Name + "/alarms",
		Description: "Encrypts the alarm notifications of " + e.Name,
	})
	if err != nil {
		return fail(err)
	}
	alarms, err := snstopic.New(st.TF, "alarms", snstopic.Props{
		Name: naming.Join(b.org.Name, e.Name, "alarms"), Key: alarmKey, PublishingServices: []string{"cloudwatch"},
	})
	if err != nil {
		return fail(err)
	}
	if _, err := b.workloadDatabase(st, e, vpc, tiers, alarms); err != nil {
		return err
	}
	domain, sender := e.Orders.Sender()
	o := e.Orders
	var zone serverlessorders.HostedZone
	if e.DNS != nil {
		zoneID, err := b.workloadZone(st, e)
		if err != nil {
			return err
		}
		zone = serverlessorders.HostedZone{ID: zoneID, Name: e.DNS.ZoneName}
	}
	if _, err := serverlessorders.New(st.TF, "orders", serverlessorders.Props{
		Name:                   naming.Join(b.org.Name, e.Name, "orders"),
		SenderDomain:           domain,
		SenderAddress:          sender,
		CognitoUserPoolARN:     o.CognitoUserPoolARN,
		HostedZone:             zone,
		ReservedConcurrency:    o.ReservedConcurrency,
		LambdaConcurrencyQuota: o.LambdaConcurrencyQuota,
		ThrottleRateLimit:      o.ThrottleRateLimit,
		ThrottleBurstLimit:     o.ThrottleBurstLimit,
		LogRetentionDays:       o.LogRetentionDays,
		WAFRateLimit:           o.WAFRateLimit,
		OrderRetentionDays:     o.OrderRetentionDays,
		Alarms: serverlessorders.AlarmThresholds{
			LatencyP99Millis: o.Alarms.LatencyP99Millis,
			ServerErrors:     o.Alarms.ServerErrors,
			FunctionErrors:   o.Alarms.FunctionErrors,
		},
		AccessLogs: securebucket.AccessLogs{Target: logs},
		AlarmTopic: alarms,
		Builder:    b.lambdas,
		Production: e.Production,
	}); err != nil {
		return fail(err)
	}
	if err := b.workloadAnalytics(st, e, logs, alarms); err != nil {
		return err
	}
	if err := b.accountBaseline(st); err != nil {
		return err
	}
	secrets, err := b.workloadSecrets(st, e)
	if err != nil {
		return err
	}
	processed, err := b.imagesBucket(st, env, e, logs)
	if err != nil {
		return err
	}
	app, err := b.workloadWeb(st, env, e, zone.ID, vpc, tiers, alarms, logs, secrets, processed)
	if err != nil {
		return err
	}
	var uploads *securebucket.Bucket
	if app != nil {
		uploads = app.Uploads
	}
	if err := b.workloadImages(st, e, uploads, processed); err != nil {
		return err
	}
	if err := b.workloadVolumes(st, e); err != nil {
		return err
	}
	return b.workloadBackup(st, e)
}
