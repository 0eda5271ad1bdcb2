package org

import (
	"fmt"
	"maps"
	"net/mail"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/costestimate"
)

var (
	nameRE       = regexp.MustCompile(`^[a-z][a-z0-9-]{0,18}[a-z0-9]$`)
	accountIDRE  = regexp.MustCompile(`^[0-9]{12}$`)
	orgIDRE      = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	ouSegmentRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 _-]{0,127}$`)
	roleNameRE   = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	externalIDRE = regexp.MustCompile(`^[\w+=,.@:/-]+$`)
	bucketRE     = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	tagKeyRE     = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$`)
	tagValueRE   = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$`)
)

// privateRanges are the address ranges a VPC may use: RFC 1918 and the
// shared address space that AWS also accepts.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
}

// Validate checks the whole model and returns a *ValidationError listing
// every problem, or nil. source names the model's origin in messages.
func (o *Organization) Validate(source string) error {
	c := &collector{}
	o.validateTop(c)
	ous := o.validateOUs(c)
	o.validateGuardrails(c, ous)
	o.validateAccounts(c, ous)
	o.validateEnvironments(c)
	o.validateNetwork(c)
	o.validateCostAssumptions(c)
	if len(c.errs) == 0 {
		return nil
	}
	return &ValidationError{Source: source, Errs: c.errs}
}

func (o *Organization) validateTop(c *collector) {
	if !nameRE.MatchString(o.Name) {
		c.add("name", o.Name, "must be 2-20 characters of lowercase letters, digits and hyphens, starting with a letter (it is part of bucket names)")
	}
	if o.ID != "" && !orgIDRE.MatchString(o.ID) {
		c.add("id", o.ID, "not an AWS Organizations id (o- followed by 10-32 lowercase letters or digits)")
	}
	if len(o.AllowedRegions) == 0 {
		c.add("allowed_regions", nil, "must list at least one region")
	}
	seen := map[string]bool{}
	for i, r := range o.AllowedRegions {
		f := fmt.Sprintf("allowed_regions[%d]", i)
		checkRegion(c, f, r)
		if seen[r] {
			c.add(f, r, "listed twice")
		}
		seen[r] = true
	}
	if checkRegion(c, "home_region", o.HomeRegion) && !slices.Contains(o.AllowedRegions, o.HomeRegion) {
		c.add("home_region", o.HomeRegion, "not in allowed_regions %q", o.AllowedRegions)
	}
	o.validateTags(c)
	o.validateBackend(c)
}

func checkRegion(c *collector, field, r string) bool {
	if r == "" {
		c.add(field, nil, "is required")
		return false
	}
	if _, err := awsregion.Lookup(r); err != nil {
		msg := "unknown AWS region"
		if hint := awsregion.Suggest(r); hint != "" {
			msg += "; " + hint
		}
		c.add(field, r, "%s", msg)
		return false
	}
	return true
}

func (o *Organization) validateTags(c *collector) {
	if strings.TrimSpace(o.Tags.Owner) == "" {
		c.add("tags.owner", nil, "is required (it becomes the Owner tag on every resource)")
	} else if !tagValueRE.MatchString(o.Tags.Owner) {
		c.add("tags.owner", o.Tags.Owner, "not a valid AWS tag value")
	}
	if strings.TrimSpace(o.Tags.CostCenter) == "" {
		c.add("tags.cost_center", nil, "is required (it becomes the CostCenter tag on every resource)")
	} else if !tagValueRE.MatchString(o.Tags.CostCenter) {
		c.add("tags.cost_center", o.Tags.CostCenter, "not a valid AWS tag value")
	}
	checkTagMap(c, "tags.extra", o.Tags.Extra)
}

func checkTagMap(c *collector, field string, tags map[string]string) {
	for _, k := range sortedKeys(tags) {
		f := fmt.Sprintf("%s[%s]", field, k)
		switch {
		case !tagKeyRE.MatchString(k):
			c.add(f, k, "not a valid AWS tag key (1-128 letters, digits, spaces and _.:/=+-@)")
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			c.add(f, k, "tag keys starting with aws: are reserved by AWS")
		case !tagValueRE.MatchString(tags[k]):
			c.add(f, tags[k], "not a valid AWS tag value (0-256 letters, digits, spaces and _.:/=+-@)")
		}
	}
}

func (o *Organization) validateBackend(c *collector) {
	b := o.Backend
	onlyFor := func(typ BackendType, fields map[string]string) {
		for _, f := range slices.Sorted(maps.Keys(fields)) {
			if fields[f] != "" {
				c.add("backend."+f, fields[f], "only used with backend type %q", typ)
			}
		}
	}
	s3Fields := map[string]string{"bucket": b.Bucket, "kms_key_id": b.KMSKeyID, "role_arn": b.RoleARN}
	cloudFields := map[string]string{"organization": b.Organization, "hostname": b.Hostname, "project": b.Project, "workspace_prefix": b.WorkspacePrefix}
	switch b.Type {
	case BackendLocal:
	case BackendS3:
		onlyFor(BackendCloud, cloudFields)
		if !bucketRE.MatchString(b.Bucket) || strings.Contains(b.Bucket, "..") {
			c.add("backend.bucket", b.Bucket, "not a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)")
		}
		checkRegion(c, "backend.region", b.Region)
		if strings.HasPrefix(b.KeyPrefix, "/") || strings.HasSuffix(b.KeyPrefix, "/") || strings.Contains(b.KeyPrefix, "//") {
			c.add("backend.key_prefix", b.KeyPrefix, "must not start or end with / or contain //")
		}
		if b.RoleARN != "" && !strings.HasPrefix(b.RoleARN, "arn:") {
			c.add("backend.role_arn", b.RoleARN, "not an IAM role ARN")
		}
	case BackendCloud:
		s3Fields["key_prefix"], s3Fields["region"] = b.KeyPrefix, b.Region
		onlyFor(BackendS3, s3Fields)
		// HCP Terraform names: "Workspace names need to be 90 characters
		// or less and can only include letters, numbers, -, and _"
		// (Terraform Cloud docs, "Creating Workspaces"); organization
		// names take the same characters.
		if !tfcNameRE.MatchString(b.Organization) {
			c.add("backend.organization", b.Organization, "required for backend type cloud: the HCP Terraform organization (letters, digits, - and _)")
		}
		if b.Project != "" && strings.TrimSpace(b.Project) != b.Project {
			c.add("backend.project", b.Project, "must not start or end with spaces")
		}
		if b.Hostname != "" && !hostnameRE.MatchString(b.Hostname) {
			c.add("backend.hostname", b.Hostname, "not a host name (such as tfe.example.com, without https://)")
		}
		if !tfcNameRE.MatchString(b.WorkspacePrefix) {
			c.add("backend.workspace_prefix", b.WorkspacePrefix, "workspace names take letters, digits, - and _ only")
		} else if longest := o.longestStackName(); len(b.Workspace(longest)) > maxWorkspaceName {
			c.add("backend.workspace_prefix", b.WorkspacePrefix, "the workspace of stack %s, %q, is longer than HCP Terraform's %d characters", longest, b.Workspace(longest), maxWorkspaceName)
		}
	default:
		c.add("backend.type", string(b.Type), "must be %q, %q or %q", BackendS3, BackendLocal, BackendCloud)
	}
}

var (
	tfcNameRE  = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	hostnameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)
)

// maxWorkspaceName is HCP Terraform's limit on workspace names.
const maxWorkspaceName = 90

// longestStackName is the longest stack name the model makes (the stacks
// package names them; the forms are repeated here so that validation needs
// no CDKTF).
func (o *Organization) longestStackName() string {
	longest := "network-attachments"
	for _, e := range o.Environments {
		if n := "spoke-routes-" + e.Name; len(n) > len(longest) {
			longest = n
		}
	}
	for _, p := range o.Network.Peerings {
		if n := "peering-" + p.Requester + "-" + p.Accepter; len(n) > len(longest) {
			longest = n
		}
	}
	return longest
}

func (o *Organization) validateOUs(c *collector) map[string]bool {
	ous := map[string]bool{}
	for i, p := range o.OrganizationalUnits {
		f := fmt.Sprintf("organizational_units[%d]", i)
		segs := strings.Split(p, "/")
		ok := true
		for _, s := range segs {
			if !ouSegmentRE.MatchString(s) {
				c.add(f, p, "each part of an OU path must be 1-128 letters, digits, spaces, _ or -")
				ok = false
				break
			}
		}
		if len(segs) > 5 {
			c.add(f, p, "AWS Organizations nests OUs at most five levels deep")
			ok = false
		}
		if ous[p] {
			c.add(f, p, "listed twice")
		}
		if ok && len(segs) > 1 {
			if parent := strings.Join(segs[:len(segs)-1], "/"); !ous[parent] {
				c.add(f, p, "its parent %q must be listed before it", parent)
			}
		}
		ous[p] = true
	}
	return ous
}

func (o *Organization) validateAccounts(c *collector, ous map[string]bool) {
	names, emails, ids := map[string]bool{}, map[string]bool{}, map[string]bool{}
	kinds := map[AccountKind]int{}
	for i, a := range o.Accounts {
		f := fmt.Sprintf("accounts[%d]", i)
		if nameRE.MatchString(a.Name) {
			f = fmt.Sprintf("accounts[%s]", a.Name)
		} else {
			c.add(f+".name", a.Name, "must be 2-20 characters of lowercase letters, digits and hyphens, starting with a letter")
		}
		if names[a.Name] {
			c.add(f+".name", a.Name, "duplicate account name")
		}
		names[a.Name] = true

		if addr, err := mail.ParseAddress(a.Email); err != nil || addr.Address != a.Email || !strings.Contains(a.Email[strings.LastIndex(a.Email, "@")+1:], ".") {
			c.add(f+".email", a.Email, "not a valid email address")
		} else if len(a.Email) < 6 || len(a.Email) > 64 {
			c.add(f+".email", a.Email, "AWS account emails are 6-64 characters")
		}
		if emails[strings.ToLower(a.Email)] && a.Email != "" {
			c.add(f+".email", a.Email, "used by another account; AWS requires a unique email per account")
		}
		emails[strings.ToLower(a.Email)] = true

		if a.ID != "" {
			if !accountIDRE.MatchString(a.ID) {
				c.add(f+".id", a.ID, "not an AWS account id (12 digits)")
			} else if ids[a.ID] {
				c.add(f+".id", a.ID, "used by another account")
			}
			ids[a.ID] = true
		}

		if !slices.Contains(accountKinds, a.Kind) {
			c.add(f+".kind", string(a.Kind), "must be one of %q", accountKinds)
		}
		kinds[a.Kind]++

		switch {
		case a.Kind == KindManagement && a.OU != "":
			c.add(f+".ou", a.OU, "the management account always sits at the organization root; leave ou empty")
		case a.Kind != KindManagement && a.OU == "":
			c.add(f+".ou", nil, "is required for member accounts")
		case a.OU != "" && !ous[a.OU]:
			c.add(f+".ou", a.OU, "unknown organizational unit; known: %q", o.OrganizationalUnits)
		}
		if a.RoleName != "" && !roleNameRE.MatchString(a.RoleName) {
			c.add(f+".role_name", a.RoleName, "not a valid IAM role name")
		}
		checkTagMap(c, f+".tags", a.Tags)
		for i, r := range a.ExistingServiceLinkedRoles {
			if !slices.Contains(serviceLinkedRoles, r) {
				c.add(fmt.Sprintf("%s.existing_service_linked_roles[%d]", f, i), r, "must be one of %q", serviceLinkedRoles)
			}
		}
	}
	for _, k := range []AccountKind{KindManagement, KindLogArchive, KindSecurity, KindNetwork} {
		switch n := kinds[k]; {
		case n == 0:
			c.add("accounts", nil, "needs one account of kind %q", k)
		case n > 1:
			c.add("accounts", nil, "has %d accounts of kind %q; there must be exactly one", n, k)
		}
	}
	if mgmt, ok := o.AccountOfKind(KindManagement); ok && mgmt.ID == "" {
		c.add("accounts["+mgmt.Name+"].id", nil, "is required for the management account (the account you run the organization stack in)")
	}
}

func (o *Organization) validateEnvironments(c *collector) {
	names := map[string]bool{}
	accounts := map[string]string{}
	type vpcRange struct {
		field  string
		prefix netip.Prefix
	}
	var ranges []vpcRange
	if len(o.Environments) == 0 {
		c.add("environments", nil, "must list at least one environment")
	}
	for i, e := range o.Environments {
		f := fmt.Sprintf("environments[%d]", i)
		if nameRE.MatchString(e.Name) {
			f = fmt.Sprintf("environments[%s]", e.Name)
		} else {
			c.add(f+".name", e.Name, "must be 2-20 characters of lowercase letters, digits and hyphens, starting with a letter")
		}
		if names[e.Name] {
			c.add(f+".name", e.Name, "duplicate environment name")
		}
		names[e.Name] = true

		if a, ok := o.Account(e.Account); !ok {
			c.add(f+".account", e.Account, "unknown account; add it to accounts")
		} else if a.Kind != KindWorkload {
			c.add(f+".account", e.Account, "is a %q account; environments run in workload accounts", a.Kind)
		} else if other, taken := accounts[e.Account]; taken {
			c.add(f+".account", e.Account, "already hosts environment %q; give each environment its own account", other)
		}
		accounts[e.Account] = e.Name

		regionOK := checkRegion(c, f+".region", e.Region)
		if regionOK && !slices.Contains(o.AllowedRegions, e.Region) {
			c.add(f+".region", e.Region, "not in allowed_regions %q", o.AllowedRegions)
			regionOK = false
		}

		vf := f + ".vpc"
		p, err := netip.ParsePrefix(e.VPC.CIDR)
		switch {
		case err != nil || !p.Addr().Is4():
			c.add(vf+".cidr", e.VPC.CIDR, "not a valid IPv4 CIDR")
		case p.Masked() != p:
			c.add(vf+".cidr", e.VPC.CIDR, "has host bits set; did you mean %q?", p.Masked().String())
		case p.Bits() < 16 || p.Bits() > 24:
			c.add(vf+".cidr", e.VPC.CIDR, "VPC ranges here are /16 to /24 (AWS allows /16 to /28, and three tiers of subnets need room)")
		case !isPrivate(p):
			c.add(vf+".cidr", e.VPC.CIDR, "not in a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)")
		default:
			for _, r := range ranges {
				if r.prefix.Overlaps(p) {
					c.add(vf+".cidr", e.VPC.CIDR, "overlaps %s %q; VPCs joined by the Transit Gateway need distinct ranges", r.field, r.prefix.String())
				}
			}
			ranges = append(ranges, vpcRange{vf + ".cidr", p})
		}
		if e.VPC.AZCount < 2 || e.VPC.AZCount > 3 {
			c.add(vf+".az_count", e.VPC.AZCount, "must be 2 or 3")
		} else if regionOK {
			if r, _ := awsregion.Lookup(e.Region); r.ZoneCount() < e.VPC.AZCount {
				c.add(vf+".az_count", e.VPC.AZCount, "region %s has only %d availability zones", e.Region, r.ZoneCount())
			}
		}
		switch e.VPC.NAT {
		case NATNone, NATSingle, NATPerAZ:
		default:
			c.add(vf+".nat", string(e.VPC.NAT), "must be %q, %q or %q", NATNone, NATSingle, NATPerAZ)
		}
		validateDatabase(c, f, e)
		validateOrders(c, f, e)
		validateAnalytics(c, f, e)
		validateDNS(c, f, e)
		acctID := ""
		if a, ok := o.Account(e.Account); ok {
			acctID = a.ID
		}
		validateWeb(c, f, e, acctID, o.AllowedRegions)
		validateStorage(c, f, e, o.Name, o.AllowedRegions)
	}
	for _, e := range o.Environments {
		ra := e.ReadOnlyAccess
		if ra == nil {
			continue
		}
		f := fmt.Sprintf("environments[%s].read_only_access", e.Name)
		if len(ra.From) == 0 {
			c.add(f+".from", nil, "must name at least one environment")
		}
		for i, from := range ra.From {
			if from == e.Name {
				c.add(fmt.Sprintf("%s.from[%d]", f, i), from, "is this environment itself")
			} else if !names[from] {
				c.add(fmt.Sprintf("%s.from[%d]", f, i), from, "unknown environment")
			}
		}
		switch n := len(ra.ExternalID); {
		case ra.MFAOnly && n > 0:
			c.add(f+".external_id", ra.ExternalID, "must be left out with mfa_only, which trusts on MFA alone so that the console can switch to the role")
		case !ra.MFAOnly && (n < 2 || n > 1224 || !externalIDRE.MatchString(ra.ExternalID)):
			c.add(f+".external_id", ra.ExternalID, "must be 2-1224 characters of letters, digits and +=,.@:/- (or set mfa_only)")
		}
	}
}

func isPrivate(p netip.Prefix) bool {
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// validateCostAssumptions checks each cost_assumptions entry: a known key
// and a non-negative quantity.
func (o *Organization) validateCostAssumptions(c *collector) {
	keys := make([]string, 0, len(o.CostAssumptions))
	for k := range o.CostAssumptions {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := o.CostAssumptions[k]
		if msg := costestimate.AssumptionProblem(k, v); msg != "" {
			c.add("cost_assumptions."+k, v, "%s", msg)
		}
	}
}

// serviceLinkedRoles are the values of existing_service_linked_roles.
var serviceLinkedRoles = []string{ServiceLinkedConfig, ServiceLinkedAutoScaling, ServiceLinkedSpot, ServiceLinkedEC2Fleet}
