// Package dnsname checks DNS names and Route 53 hosted zone ids in plain Go,
// for the organization model and every construct that writes records: the
// order system's DKIM and MAIL FROM records and the web application's
// aliases and certificate validation records.
package dnsname

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	labelRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// hostedZoneIDRE matches Route 53 hosted zone ids, such as
	// Z0123456789ABCDEFGHIJ.
	hostedZoneIDRE = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
)

// CheckDomain checks a lowercase DNS name of at least two labels, without
// the trailing dot, each label 1-63 letters, digits and hyphens, at most
// 253 characters in all (RFC 1035 section 2.3.4).
func CheckDomain(d string) error {
	if d == "" {
		return fmt.Errorf("is required")
	}
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return fmt.Errorf("not a domain name like shop.example.com")
	}
	for _, l := range labels {
		if !labelRE.MatchString(l) {
			return fmt.Errorf("not a domain name: each label is 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen")
		}
	}
	return nil
}

// CheckHostedZoneID checks a Route 53 hosted zone id (Z and up to 31
// uppercase letters and digits, without the /hostedzone/ prefix).
func CheckHostedZoneID(id string) error {
	if !hostedZoneIDRE.MatchString(id) {
		return fmt.Errorf("not a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ (without /hostedzone/)")
	}
	return nil
}

// CheckZoneName checks a hosted zone's domain name: a lowercase DNS name of
// at least two labels, without the trailing dot.
func CheckZoneName(name string) error {
	if name == "" {
		return fmt.Errorf("is required with the zone id: the zone's domain, such as example.com")
	}
	if err := CheckDomain(name); err != nil {
		return fmt.Errorf("not a domain name like example.com (lowercase, no trailing dot)")
	}
	return nil
}

// InZone reports whether domain is zone or a name below it.
func InZone(domain, zone string) bool {
	return domain == zone || strings.HasSuffix(domain, "."+zone)
}

// IsReference reports whether s is a CDKTF token standing for a value known
// only at apply time (such as the id of a zone created in the same stack),
// which can only be checked by AWS.
func IsReference(s string) bool {
	return strings.Contains(s, "${")
}
