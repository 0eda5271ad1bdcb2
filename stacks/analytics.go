package stacks

import (
	"fmt"

	"github.com/acme/landing-zone/constructs/analytics"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/stacks/org"
)

// analyticsHandlers are the analytics pipeline's handler packages, for
// Prefetch when some environment has the pipeline.
func analyticsHandlers(o *org.Organization) []string {
	for _, e := range o.Environments {
		if e.Analytics != nil {
			return analytics.HandlerPackages()
		}
	}
	return nil
}

// workloadAnalytics builds the environment's analytics pipeline, when its
// analytics block is present, in the environment's region. The alarms and
// alerts go to the environment's alarm topic.
func (b *builder) workloadAnalytics(st *Stack, e *org.Environment, logs *securebucket.Bucket, alarms *snstopic.Topic) error {
	a := e.Analytics
	if a == nil {
		return nil
	}
	if _, err := analytics.New(st.TF, "analytics", analytics.Props{
		Name:                  naming.Join(b.org.Name, e.Name, "analytics"),
		Settings:              a.Settings(e.Production),
		AlarmTopic:            alarms,
		AccessLogs:            securebucket.AccessLogs{Target: logs},
		SkipCatalogEncryption: a.SkipCatalogEncryption,
		Builder:               b.lambdas,
		Production:            e.Production,
	}); err != nil {
		return fmt.Errorf("stack %s: %w", st.Name, err)
	}
	return nil
}
