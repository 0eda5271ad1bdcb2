package org

import (
	"fmt"

	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
)

// DNS is an environment's public DNS: a Route 53 hosted zone in the
// environment's account. The order system publishes its SES DKIM records
// there (orders.sender_domain must be the zone's domain or below it), and
// the web application names its endpoints in it. Without it, the workload
// stack outputs the DKIM records for you to publish wherever the domain's
// DNS is.
//
// The zone must be in the environment's account: the workload stack writes
// the records with that account's provider, and a zone of another account
// fails the apply (no such hosted zone). Delegate a subdomain (such as
// shop.example.com) to a zone in the workload account, or leave dns out.
type DNS struct {
	// ZoneID is the hosted zone's id, such as Z0123456789ABCDEFGHIJ.
	ZoneID string `yaml:"zone_id"`
	// ZoneName is the zone's domain, such as example.com.
	ZoneName string `yaml:"zone_name"`
}

// validateDNS checks e.DNS; field is the path of e, such as
// environments[prod].
func validateDNS(c *collector, field string, e Environment) {
	d := e.DNS
	if d == nil {
		return
	}
	f := field + ".dns"
	if err := orderspec.CheckHostedZoneID(d.ZoneID); err != nil {
		c.add(f+".zone_id", d.ZoneID, "%v", err)
	}
	if err := orderspec.CheckZoneName(d.ZoneName); err != nil {
		c.add(f+".zone_name", d.ZoneName, "%v", err)
		return
	}
	if dom := e.Orders.SenderDomain; dom != "" && orderspec.CheckSenderDomain(dom) == nil && !orderspec.InZone(dom, d.ZoneName) {
		c.add(field+".orders.sender_domain", dom, "%s", fmt.Sprintf("must be the dns zone %s or a name below it, so that its DKIM records can be published there", d.ZoneName))
	}
}
