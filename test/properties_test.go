package test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// sortedStacks iterates stacks in name order so failures read the same way
// every run.
func sortedStacks(m map[string]synthesized) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func TestEveryAccountHasAStack(t *testing.T) {
	_, parsed := exampleOrg(t)
	want := []string{"log-archive", "management", "network", "network-attachments", "organization", "security", "security-rules", "shared-services", "spoke-routes-dev", "spoke-routes-prod", "spoke-routes-staging", "workload-dev", "workload-prod", "workload-staging"}
	assert.Equal(t, want, sortedStacks(parsed))
}

// TestProvidersAndBackends checks what every stack must carry: the provider
// pinned to its account and region, the default tags, and its own encrypted,
// locked state key.
func TestProvidersAndBackends(t *testing.T) {
	_, parsed := exampleOrg(t)
	o := org.Example()
	keys := map[string]string{}
	for _, name := range sortedStacks(parsed) {
		s := parsed[name]
		t.Run(name, func(t *testing.T) {
			providers := s["provider"].(map[string]any)["aws"].([]any)
			require.NotEmpty(t, providers)
			p := providers[0].(map[string]any)
			assert.NotContains(t, p, "alias", "the stack's own provider comes first")
			stackAccount := p["allowed_account_ids"].([]any)[0].(string)
			for _, other := range providers[1:] {
				op := other.(map[string]any)
				alias := op["alias"].(string)
				ids := op["allowed_account_ids"].([]any)
				require.Len(t, ids, 1, alias)
				if strings.HasPrefix(alias, "management-") {
					assert.Equal(t, stacks.SecurityStack, name, "only the security stack acts as the management account")
					assert.Equal(t, o.Accounts[0].ID, ids[0], alias)
					assert.NotContains(t, op, "assume_role", alias)
					assert.Equal(t, strings.TrimPrefix(alias, "management-"), op["region"], alias)
					continue
				}
				assert.Equal(t, alias, op["region"], "regional providers are aliased by region")
				assert.Equal(t, stackAccount, ids[0], "a regional provider is pinned to the stack's account")
				assert.Equal(t, p["assume_role"], op["assume_role"], alias)
				assert.Equal(t, p["default_tags"], op["default_tags"], alias)
			}
			ids := p["allowed_account_ids"].([]any)
			require.Len(t, ids, 1)
			acct := accountByID(t, o, ids[0].(string))
			if acct.Kind == org.KindManagement {
				assert.NotContains(t, p, "assume_role", "the management stacks run with the caller's credentials")
			} else {
				role := p["assume_role"].([]any)[0].(map[string]any)["role_arn"]
				assert.Equal(t, fmt.Sprintf("arn:aws:iam::%s:role/OrganizationAccountAccessRole", acct.ID), role)
			}
			tags := p["default_tags"].([]any)[0].(map[string]any)["tags"].(map[string]any)
			for _, k := range []string{"Environment", "Owner", "CostCenter", "ManagedBy"} {
				assert.NotEmpty(t, tags[k], "default tag %s", k)
			}
			if strings.HasPrefix(name, "workload-") {
				assert.Equal(t, strings.TrimPrefix(name, "workload-"), tags["Environment"])
			}

			// use_lockfile needs Terraform 1.11 or newer (GA there); tflint's
			// terraform_required_version asks every stack to say so.
			assert.Equal(t, ">= 1.11", s["terraform"].(map[string]any)["required_version"])
			backend := s["terraform"].(map[string]any)["backend"].(map[string]any)["s3"].(map[string]any)
			assert.Equal(t, true, backend["encrypt"])
			assert.Equal(t, true, backend["use_lockfile"])
			assert.Equal(t, o.Backend.Bucket, backend["bucket"])
			key := backend["key"].(string)
			assert.Equal(t, "landing-zone/"+name+".tfstate", key)
			if other, dup := keys[key]; dup {
				t.Errorf("state key %s shared with stack %s", key, other)
			}
			keys[key] = name
		})
	}
}

func accountByID(t *testing.T, o *org.Organization, id string) org.Account {
	for _, a := range o.Accounts {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no account with id %s", id)
	return org.Account{}
}

// TestCloudBackend checks backend type cloud on the variant: a cloud block
// per stack with its own named workspace, and cross-stack references read
// through the remote backend with the same organization and workspace
// names.
func TestCloudBackend(t *testing.T) {
	parsed := variantOrg(t)
	assert.Empty(t, parsed["management"].resources("aws_iam_service_linked_role"), "the variant's management account has every role already")
	assert.Len(t, parsed["workload-dev"].resources("aws_iam_service_linked_role"), 4)
	workspaces := map[string]string{}
	for _, name := range sortedStacks(parsed) {
		tf := parsed[name]["terraform"].(map[string]any)
		assert.NotContains(t, tf, "backend", name)
		cloud, _ := tf["cloud"].(map[string]any)
		require.NotNil(t, cloud, "stack %s has no cloud block", name)
		assert.Equal(t, "acme-platform", cloud["organization"], name)
		assert.NotContains(t, cloud, "hostname", "%s: HCP Terraform is the default host", name)
		ws := cloud["workspaces"].(map[string]any)
		assert.Equal(t, "acme-lz-"+name, ws["name"], name)
		assert.Equal(t, "landing-zone", ws["project"], name)
		if other, dup := workspaces[ws["name"].(string)]; dup {
			t.Errorf("workspace %s shared by %s and %s", ws["name"], name, other)
		}
		workspaces[ws["name"].(string)] = name
		assert.Equal(t, ">= 1.11", tf["required_version"], name)
	}
	// The workloads read the Transit Gateway id from the network stack's
	// workspace.
	remote, _ := parsed["workload-dev"]["data"].(map[string]any)["terraform_remote_state"].(map[string]any)
	require.NotEmpty(t, remote)
	seen := map[string]bool{}
	for name, r := range remote {
		rs := r.(map[string]any)
		assert.Equal(t, "remote", rs["backend"], name)
		cfg := rs["config"].(map[string]any)
		assert.Equal(t, "acme-platform", cfg["organization"], name)
		seen[cfg["workspaces"].(map[string]any)["name"].(string)] = true
	}
	assert.True(t, seen["acme-lz-network"], "workload-dev reads the network workspace: %v", seen)
}

// bucketSettings gathers, per bucket resource name, the settings resources
// that point at it through ${aws_s3_bucket.NAME.id}.
func bucketSettings(s synthesized, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, r := range s.resources(typ) {
		ref, _ := r["bucket"].(string)
		name := strings.TrimSuffix(strings.TrimPrefix(ref, "${aws_s3_bucket."), ".id}")
		out[name] = r
	}
	return out
}

// TestEveryBucketIsSecure checks the foundation's promise for every bucket in
// every stack, whichever construct made it.
func TestEveryBucketIsSecure(t *testing.T) {
	_, parsed := exampleOrg(t)
	total := 0
	for _, stack := range sortedStacks(parsed) {
		s := parsed[stack]
		sse := bucketSettings(s, "aws_s3_bucket_server_side_encryption_configuration")
		versioning := bucketSettings(s, "aws_s3_bucket_versioning")
		pab := bucketSettings(s, "aws_s3_bucket_public_access_block")
		ownership := bucketSettings(s, "aws_s3_bucket_ownership_controls")
		policies := bucketSettings(s, "aws_s3_bucket_policy")
		lifecycle := bucketSettings(s, "aws_s3_bucket_lifecycle_configuration")
		logging := bucketSettings(s, "aws_s3_bucket_logging")
		for name := range s.resources("aws_s3_bucket") {
			total++
			t.Run(stack+"/"+name, func(t *testing.T) {
				rule := first(t, sse[name], "rule")
				def := first(t, rule, "apply_server_side_encryption_by_default")
				if supp, _ := s.resources("aws_s3_bucket")[name]["//"].(map[string]any)["suppressions"].(map[string]any); supp["S3-4"] != nil {
					// SecureBucket's one typed exception: ALB access logs
					// (securebucket.LoadBalancerLogs), SSE-S3 with the
					// reason on the bucket.
					assert.Equal(t, "AES256", def["sse_algorithm"])
					assert.Contains(t, supp["S3-4"], "ALB access log delivery supports SSE-S3 only")
				} else {
					assert.Equal(t, "aws:kms", def["sse_algorithm"])
					assert.Contains(t, def["kms_master_key_id"], "${aws_kms_key.")
					assert.Equal(t, true, rule["bucket_key_enabled"])
				}

				assert.Equal(t, "Enabled", first(t, versioning[name], "versioning_configuration")["status"])
				for _, flag := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
					assert.Equal(t, true, pab[name][flag], flag)
				}
				assert.Equal(t, "BucketOwnerEnforced", first(t, ownership[name], "rule")["object_ownership"])
				require.Contains(t, lifecycle, name, "lifecycle rules")

				doc := policyDoc(t, policies[name]["policy"])
				deny := statement(doc, "DenyInsecureTransport")
				require.NotNil(t, deny, "bucket policy denies insecure transport")
				assert.Equal(t, "Deny", deny["Effect"])
				assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, deny["Condition"])
				assert.NotNil(t, statement(doc, "DenyOutdatedTLS"))
				if def["sse_algorithm"] == "AES256" {
					// No key to name: SSE-S3 only (securebucket.LoadBalancerLogs).
					assert.Nil(t, statement(doc, "DenyOtherKMSKey"))
					assert.NotContains(t, policies[name]["policy"], "aws:kms")
				} else {
					assert.NotNil(t, statement(doc, "DenyOtherKMSKey"))
				}

				if statement(doc, "S3ServerAccessLogsDelivery") != nil {
					assert.NotContains(t, logging, name, "an access log target does not log to itself")
				} else {
					require.Contains(t, logging, name, "access logging")
					assert.NotEqual(t, "${aws_s3_bucket."+name+".id}", logging[name]["target_bucket"])
				}
			})
		}
	}
	assert.GreaterOrEqual(t, total, 8, "the example has a log archive, data buckets and their log targets")
}

func first(t *testing.T, r map[string]any, key string) map[string]any {
	t.Helper()
	// Blocks that allow one item synthesize as an object, others as a list.
	switch v := r[key].(type) {
	case map[string]any:
		return v
	case []any:
		if len(v) > 0 {
			m, _ := v[0].(map[string]any)
			return m
		}
	}
	t.Fatalf("missing %s in %v", key, r)
	return nil
}

func policyDoc(t *testing.T, v any) map[string]any {
	t.Helper()
	s, ok := v.(string)
	require.True(t, ok, "policy is a string")
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &doc))
	return doc
}

func statement(doc map[string]any, sid string) map[string]any {
	list, _ := doc["Statement"].([]any)
	for _, s := range list {
		m, _ := s.(map[string]any)
		if m["Sid"] == sid {
			return m
		}
	}
	return nil
}
