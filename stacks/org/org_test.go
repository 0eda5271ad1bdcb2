package org

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestExampleIsValid(t *testing.T) {
	require.NoError(t, Example().Validate(ExampleSource))
	assert.True(t, Example().Bootstrapped())
}

// TestExampleRoundTrips proves that the YAML a user starts from (the example,
// printed) parses back to the same model.
func TestExampleRoundTrips(t *testing.T) {
	data, err := yaml.Marshal(Example())
	require.NoError(t, err)
	got, err := Parse("example.yaml", data)
	require.NoError(t, err)
	assert.Equal(t, Example(), got)
}

func TestValidateRejects(t *testing.T) {
	tests := []rejectCase{
		{"bad org name", func(o *Organization) { o.Name = "Acme Corp" }, `name "Acme Corp": must be 2-20 characters`},
		{"bad org id", func(o *Organization) { o.ID = "org-1" }, `id "org-1": not an AWS Organizations id`},
		{"unknown home region", func(o *Organization) { o.HomeRegion = "us-east-9" }, `home_region "us-east-9": unknown AWS region; known regions like it: us-east-1, us-east-2`},
		{"home region not allowed", func(o *Organization) { o.HomeRegion = "eu-west-1" }, `home_region "eu-west-1": not in allowed_regions ["us-east-1" "us-west-2"]`},
		{"unknown allowed region", func(o *Organization) { o.AllowedRegions = append(o.AllowedRegions, "mars-1") }, `allowed_regions[2] "mars-1": unknown AWS region`},
		{"duplicate allowed region", func(o *Organization) { o.AllowedRegions = append(o.AllowedRegions, "us-east-1") }, `allowed_regions[2] "us-east-1": listed twice`},
		{"missing owner", func(o *Organization) { o.Tags.Owner = "" }, `tags.owner: is required`},
		{"reserved tag", func(o *Organization) { o.Tags.Extra = map[string]string{"aws:x": "y"} }, `tags.extra[aws:x] "aws:x": tag keys starting with aws: are reserved`},
		{"bad backend bucket", func(o *Organization) { o.Backend.Bucket = "Bad_Bucket" }, `backend.bucket "Bad_Bucket": not a valid S3 bucket name`},
		{"bad backend type", func(o *Organization) { o.Backend.Type = "gcs" }, `backend.type "gcs": must be "s3", "local" or "cloud"`},
		{"cloud without organization", func(o *Organization) { o.Backend = Backend{Type: BackendCloud, WorkspacePrefix: "acme"} }, `backend.organization "": required for backend type cloud`},
		{"cloud with a bucket", func(o *Organization) {
			o.Backend = Backend{Type: BackendCloud, Organization: "acme", WorkspacePrefix: "acme", Bucket: "b"}
		}, `backend.bucket "b": only used with backend type "s3"`},
		{"cloud workspace prefix", func(o *Organization) {
			o.Backend = Backend{Type: BackendCloud, Organization: "acme", WorkspacePrefix: "acme.lz"}
		}, `backend.workspace_prefix "acme.lz": workspace names take letters, digits, - and _ only`},
		{"cloud workspace too long", func(o *Organization) {
			o.Backend = Backend{Type: BackendCloud, Organization: "acme", WorkspacePrefix: strings.Repeat("w", 70)}
		}, `backend.workspace_prefix "` + strings.Repeat("w", 70) + `": the workspace of stack spoke-routes-staging, "` + strings.Repeat("w", 70) + `-spoke-routes-staging", is longer than HCP Terraform's 90 characters`},
		{"cloud hostname", func(o *Organization) {
			o.Backend = Backend{Type: BackendCloud, Organization: "acme", WorkspacePrefix: "acme", Hostname: "https://tfe.example.com"}
		}, `backend.hostname "https://tfe.example.com": not a host name`},
		{"s3 with a workspace prefix", func(o *Organization) { o.Backend.WorkspacePrefix = "acme" }, `backend.workspace_prefix "acme": only used with backend type "cloud"`},
		{"duplicate account name", func(o *Organization) { o.Accounts[6].Name = "dev" }, `accounts[dev].name "dev": duplicate account name`},
		{"malformed email", func(o *Organization) { o.Accounts[1].Email = "not-an-email" }, `accounts[log-archive].email "not-an-email": not a valid email address`},
		{"duplicate email", func(o *Organization) { o.Accounts[2].Email = o.Accounts[1].Email }, `accounts[security].email "aws-log-archive@acme.example": used by another account`},
		{"malformed account id", func(o *Organization) { o.Accounts[3].ID = "12345" }, `accounts[network].id "12345": not an AWS account id (12 digits)`},
		{"duplicate account id", func(o *Organization) { o.Accounts[3].ID = o.Accounts[2].ID }, `accounts[network].id "333333333333": used by another account`},
		{"unknown kind", func(o *Organization) { o.Accounts[4].Kind = "sandbox" }, `accounts[shared-services].kind "sandbox": must be one of`},
		{"unknown OU", func(o *Organization) { o.Accounts[5].OU = "Workloads/QA" }, `accounts[dev].ou "Workloads/QA": unknown organizational unit`},
		{"management in OU", func(o *Organization) { o.Accounts[0].OU = "Security" }, `accounts[management].ou "Security": the management account always sits at the organization root`},
		{"missing log archive", func(o *Organization) { o.Accounts[1].Kind = KindWorkload }, `accounts: needs one account of kind "log-archive"`},
		{"two security accounts", func(o *Organization) { o.Accounts[3].Kind = KindSecurity }, `accounts: has 2 accounts of kind "security"`},
		{"management id missing", func(o *Organization) { o.Accounts[0].ID = "" }, `accounts[management].id: is required for the management account`},
		{"OU parent missing", func(o *Organization) { o.OrganizationalUnits = []string{"Workloads/Prod"} }, `organizational_units[0] "Workloads/Prod": its parent "Workloads" must be listed before it`},
		{"unknown env account", func(o *Organization) { o.Environments[0].Account = "qa" }, `environments[dev].account "qa": unknown account`},
		{"env in core account", func(o *Organization) { o.Environments[0].Account = "network" }, `environments[dev].account "network": is a "network" account`},
		{"env region not allowed", func(o *Organization) { o.Environments[0].Region = "eu-west-1" }, `environments[dev].region "eu-west-1": not in allowed_regions`},
		{"env unknown region", func(o *Organization) { o.Environments[0].Region = "us-west-9" }, `environments[dev].region "us-west-9": unknown AWS region`},
		{"invalid CIDR", func(o *Organization) { o.Environments[0].VPC.CIDR = "10.0.0.0/33" }, `environments[dev].vpc.cidr "10.0.0.0/33": not a valid IPv4 CIDR`},
		{"host bits", func(o *Organization) { o.Environments[0].VPC.CIDR = "10.10.1.0/16" }, `environments[dev].vpc.cidr "10.10.1.0/16": has host bits set; did you mean "10.10.0.0/16"?`},
		{"too large", func(o *Organization) { o.Environments[0].VPC.CIDR = "10.0.0.0/8" }, `environments[dev].vpc.cidr "10.0.0.0/8": VPC ranges here are /16 to /24`},
		{"public range", func(o *Organization) { o.Environments[0].VPC.CIDR = "8.8.0.0/16" }, `environments[dev].vpc.cidr "8.8.0.0/16": not in a private range`},
		{"overlap", func(o *Organization) { o.Environments[1].VPC.CIDR = "10.10.128.0/20" }, `environments[staging].vpc.cidr "10.10.128.0/20": overlaps environments[dev].vpc.cidr "10.10.0.0/16"`},
		{"too many AZs for region", func(o *Organization) {
			o.AllowedRegions = append(o.AllowedRegions, "us-west-1")
			o.Environments[2].Region = "us-west-1"
		}, `environments[prod].vpc.az_count 3: region us-west-1 has only 2 availability zones`},
		{"AZ count out of range", func(o *Organization) { o.Environments[0].VPC.AZCount = 1 }, `environments[dev].vpc.az_count 1: must be 2 or 3`},
		{"bad NAT mode", func(o *Organization) { o.Environments[0].VPC.NAT = "many" }, `environments[dev].vpc.nat "many": must be "none", "single" or "per-az"`},
		{"duplicate env", func(o *Organization) { o.Environments[1].Name = "dev" }, `environments[dev].name "dev": duplicate environment name`},
		{"unknown guardrail target", func(o *Organization) { o.Guardrails[1].Target = "Workloads/QA" }, `guardrails[1].target "Workloads/QA": must be "Root" or a listed organizational unit`},
		{"duplicate guardrail target", func(o *Organization) { o.Guardrails[2].Target = "Root" }, `guardrails[2].target "Root": listed twice`},
		{"empty guardrail", func(o *Organization) { o.Guardrails[1] = Guardrail{Target: "Workloads"} }, `guardrails[1]: switches no guardrail on`},
		{"tag policy without values", func(o *Organization) { o.TagPolicy.AllowedValues = map[string][]string{"Team": nil} }, `tag_policy.allowed_values[Team]: lists no values`},
		{"bad backup schedule", func(o *Organization) {
			o.BackupPolicy = BackupPolicy{Enabled: true, Schedule: "daily", RetentionDays: 35}
		}, `backup_policy.schedule "daily": must be a cron(...) expression`},
		{"read-only from unknown env", func(o *Organization) { o.Environments[2].ReadOnlyAccess.From = []string{"qa"} }, `environments[prod].read_only_access.from[0] "qa": unknown environment`},
		{"read-only bad external id", func(o *Organization) { o.Environments[2].ReadOnlyAccess.ExternalID = "x" }, `environments[prod].read_only_access.external_id "x": must be 2-1224 characters`},
		{"read-only external id with mfa_only", func(o *Organization) { o.Environments[2].ReadOnlyAccess.MFAOnly = true }, `environments[prod].read_only_access.external_id "acme-prod-readonly-from-dev": must be left out with mfa_only`},
		{"no sender domain", func(o *Organization) { o.Environments[0].Orders.SenderDomain = "" }, `environments[dev].orders.sender_domain: is required`},
		{"trail retention", func(o *Organization) { o.Trail.LogRetentionDays = 100 }, `trail.log_retention_days 100: CloudWatch Logs accepts`},
		{"config rule", func(o *Organization) { o.ConfigRules = []string{"rds-snapshots-public"} }, `config_rules[0] "rds-snapshots-public": not an AWS Config managed rule identifier`},
		{"unknown service-linked role", func(o *Organization) { o.Accounts[0].ExistingServiceLinkedRoles = []string{"guardduty"} }, `accounts[management].existing_service_linked_roles[0] "guardduty": must be one of ["config" "autoscaling" "spot" "ec2fleet"]`},
		{"shared account", func(o *Organization) { o.Environments[1].Account = "dev" }, `environments[staging].account "dev": already hosts environment "dev"`},
	}
	rejects(t, tests)
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"empty", "", "organization file f.yaml: empty"},
		{"unknown field", "name: acme\ncost_centre: x\n", `organization file f.yaml: line 2: unknown field cost_centre`},
		{"wrong type", "name: acme\naccounts: 3\n", `organization file f.yaml: line 2: value "3" is a number where a list was expected`},
		{"two documents", "name: acme\n---\nname: b\n", "holds more than one document"},
		{"bad JSON", `{"name": "acme",}`, "organization file f.yaml: "},
		{"invalid values", "name: acme\nhome_region: us-east-1\nallowed_regions: [us-east-1]\n", "organization file f.yaml: tags.owner: is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.doc))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestParseJSON(t *testing.T) {
	doc := `{
	  "name": "tiny", "home_region": "eu-west-1", "allowed_regions": ["eu-west-1", "eu-central-1"],
	  "tags": {"owner": "me", "cost_center": "cc-1"},
	  "accounts": [
	    {"name": "management", "email": "m@tiny.example", "kind": "management", "id": "123456789012"},
	    {"name": "logs", "email": "l@tiny.example", "kind": "log-archive", "ou": "Security"},
	    {"name": "audit", "email": "a@tiny.example", "kind": "security", "ou": "Security"},
	    {"name": "net", "email": "n@tiny.example", "kind": "network", "ou": "Infrastructure"},
	    {"name": "app", "email": "app@tiny.example", "kind": "workload", "ou": "Workloads/Prod"}
	  ],
	  "environments": [{"name": "prod", "account": "app", "production": true, "dr_region": "eu-central-1", "vpc": {"cidr": "10.0.0.0/20"}, "orders": {"sender_domain": "shop.tiny.example"}}]
	}`
	o, err := Parse("tiny.json", []byte(doc))
	require.NoError(t, err)
	env, _ := o.Environment("prod")
	assert.Equal(t, 3, env.VPC.AZCount, "production defaults to three zones")
	assert.Equal(t, NATPerAZ, env.VPC.NAT, "production defaults to a NAT gateway per zone")
	assert.Equal(t, "eu-west-1", env.Region)
	assert.Equal(t, BackendLocal, o.Backend.Type)
	logs, _ := o.Account("logs")
	assert.Equal(t, DefaultRoleName, logs.RoleName)
	assert.False(t, o.Bootstrapped())
	assert.Equal(t, []string{"id", "accounts[logs].id", "accounts[audit].id", "accounts[net].id", "accounts[app].id"}, o.MissingIDs())
}

func TestParseNamesTheExpectedKind(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"environments:\n  - name: dev\n    database: fast\n", `value "fast" is a string where a mapping was expected`},
		{"backend: {type: [s3]}\n", `line 1: found a list where a string was expected`},
		{"tags: 3\n", `value "3" is a number where a mapping was expected`},
	}
	for _, tt := range tests {
		_, err := Parse("f.yaml", []byte(tt.doc))
		require.Error(t, err)
		assert.Contains(t, err.Error(), tt.want)
	}
}

// TestParseCloudBackend reads backend type cloud and fills the workspace
// prefix with the organization's name.
func TestParseCloudBackend(t *testing.T) {
	data, err := yaml.Marshal(Example())
	require.NoError(t, err)
	doc := strings.Replace(string(data), "backend:\n    type: s3\n    bucket: acme-terraform-state-111111111111\n    key_prefix: landing-zone\n    region: us-east-1\n",
		"backend:\n    type: cloud\n    organization: acme-platform\n    hostname: tfe.acme.example\n", 1)
	require.Contains(t, doc, "type: cloud")
	o, err := Parse("cloud.yaml", []byte(doc))
	require.NoError(t, err)
	assert.Equal(t, Backend{Type: BackendCloud, Organization: "acme-platform", Hostname: "tfe.acme.example", WorkspacePrefix: "acme"}, o.Backend)
	assert.Equal(t, "acme-workload-prod", o.Backend.Workspace("workload-prod"))
}
