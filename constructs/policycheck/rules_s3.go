package policycheck

import (
	"fmt"
	"strings"
)

const s3Bucket = "aws_s3_bucket"

var s3Rules = []Rule{
	{
		ID:          "S3-1",
		Severity:    Error,
		Description: "Every bucket has server access logging, except the buckets that receive access logs.",
		Fix:         "add an aws_s3_bucket_logging for the bucket with a target_bucket (securebucket does by default)",
		Types:       []string{s3Bucket},
		Checkov:     []string{"CKV_AWS_18"},
		Trivy:       []string{"AVD-AWS-0089"},
		check:       checkS3AccessLogs,
	},
	{
		ID:          "S3-2",
		Severity:    Error,
		Description: "Every bucket has a public access block with all four settings on.",
		Fix:         "add an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets = true",
		Types:       []string{s3Bucket},
		Checkov:     []string{"CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"},
		Trivy:       []string{"AVD-AWS-0094", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"},
		check:       checkS3PublicAccessBlock,
	},
	{
		ID:          "S3-3",
		Severity:    Error,
		Description: "Every bucket policy denies requests that do not use TLS.",
		Fix:         `add a bucket policy statement: Deny, Principal "*", Action "s3:*" on the bucket and its objects, Condition Bool aws:SecureTransport = "false"`,
		Types:       []string{s3Bucket},
		check:       checkS3TLSOnly,
	},
	{
		ID:          "S3-4",
		Severity:    Error,
		Description: "Every bucket encrypts by default with a customer-managed KMS key.",
		Fix:         `add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms" and kms_master_key_id set to a customer-managed key`,
		Types:       []string{s3Bucket},
		Checkov:     []string{"CKV_AWS_145"},
		Trivy:       []string{"AVD-AWS-0132", "AVD-AWS-0088"},
		check:       checkS3KMS,
	},
	{
		ID:          "S3-5",
		Severity:    Error,
		Description: "Every bucket has versioning enabled.",
		Fix:         `add an aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" }`,
		Types:       []string{s3Bucket},
		Checkov:     []string{"CKV_AWS_21"},
		Trivy:       []string{"AVD-AWS-0090"},
		check:       checkS3Versioning,
	},
	{
		ID:          "S3-6",
		Severity:    Error,
		Description: "Every bucket enforces bucket-owner object ownership, which disables ACLs.",
		Fix:         `add an aws_s3_bucket_ownership_controls with rule { object_ownership = "BucketOwnerEnforced" }`,
		Types:       []string{s3Bucket},
		Checkov:     []string{"CKV2_AWS_65"},
		check:       checkS3Ownership,
	},
	{
		ID:          "S3-7",
		Severity:    Warning,
		Description: "Every bucket has a lifecycle configuration with an enabled rule.",
		Fix:         "add an aws_s3_bucket_lifecycle_configuration: transitions, expiry, noncurrent-version expiry and aborting incomplete multipart uploads",
		Types:       []string{s3Bucket},
		Checkov:     []string{"CKV2_AWS_61"},
		check:       checkS3Lifecycle,
	},
	{
		ID:          "S3-8",
		Severity:    Error,
		Description: "No bucket ACL grants access to everyone or to every AWS account.",
		Fix:         `remove public-read, public-read-write and authenticated-read ACLs and AllUsers/AuthenticatedUsers grants; enforce bucket-owner ownership (S3-6)`,
		Types:       []string{s3Bucket, "aws_s3_bucket_acl"},
		Checkov:     []string{"CKV_AWS_20", "CKV_AWS_57"},
		Trivy:       []string{"AVD-AWS-0092"},
		check:       checkS3PublicACL,
	},
}

// bucketSettings returns the resources of typ that configure the bucket.
func (s *stack) bucketSettings(typ string, bucket *resource) []*resource {
	return s.related(typ, "bucket", bucket, "bucket")
}

// bucketPolicies returns the bucket's policy documents: its
// aws_s3_bucket_policy resources and a policy argument of its own.
func (s *stack) bucketPolicies(bucket *resource) []policy {
	var out []policy
	if p, ok := s.parsePolicy(bucket.attrs["policy"]); ok {
		out = append(out, p)
	}
	for _, bp := range s.bucketSettings("aws_s3_bucket_policy", bucket) {
		if p, ok := s.parsePolicy(bp.attrs["policy"]); ok {
			out = append(out, p)
		}
	}
	return out
}

// hasUnknownPolicy reports whether a policy of the bucket is an expression
// synth cannot read.
func (s *stack) hasUnknownPolicy(bucket *resource) bool {
	if set(bucket.attrs, "policy") {
		if _, ok := s.parsePolicy(bucket.attrs["policy"]); !ok {
			return true
		}
	}
	for _, bp := range s.bucketSettings("aws_s3_bucket_policy", bucket) {
		if _, ok := s.parsePolicy(bp.attrs["policy"]); !ok {
			return true
		}
	}
	return false
}

// receivesAccessLogs reports whether the bucket is a server access log
// target: logging it too would only log the logging.
func (s *stack) receivesAccessLogs(bucket *resource) bool {
	if len(s.related("aws_s3_bucket_logging", "target_bucket", bucket, "bucket")) > 0 {
		return true
	}
	for _, b := range s.byType[s3Bucket] {
		if refersTo(block(b.attrs, "logging")["target_bucket"], bucket, "bucket") {
			return true
		}
	}
	if str(bucket.attrs, "acl") == "log-delivery-write" {
		return true
	}
	for _, p := range s.bucketPolicies(bucket) {
		for _, st := range p.statements {
			if st.allow() && contains(st.principals["Service"], "logging.s3.amazonaws.com") && containsFold(st.actions, "s3:PutObject") {
				return true
			}
		}
	}
	return false
}

func checkS3AccessLogs(s *stack, b *resource) []string {
	if target := block(b.attrs, "logging"); target != nil && set(target, "target_bucket") {
		return nil
	}
	for _, l := range s.bucketSettings("aws_s3_bucket_logging", b) {
		if set(l.attrs, "target_bucket") {
			return nil
		}
	}
	if s.receivesAccessLogs(b) {
		return nil
	}
	return []string{"server access logging is off: no aws_s3_bucket_logging refers to this bucket"}
}

var publicAccessFlags = []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}

func checkS3PublicAccessBlock(s *stack, b *resource) []string {
	pabs := s.bucketSettings("aws_s3_bucket_public_access_block", b)
	if len(pabs) == 0 {
		return []string{"no aws_s3_bucket_public_access_block refers to this bucket"}
	}
	var off []string
	for _, f := range publicAccessFlags {
		if !on(pabs[0].attrs, f, false) {
			off = append(off, f)
		}
	}
	if len(off) > 0 {
		return []string{fmt.Sprintf("public access block %s leaves %s off", pabs[0].path, strings.Join(off, ", "))}
	}
	return nil
}

func checkS3TLSOnly(s *stack, b *resource) []string {
	for _, p := range s.bucketPolicies(b) {
		if p.deniesInsecureTransport("s3") {
			return nil
		}
	}
	if s.hasUnknownPolicy(b) {
		return nil
	}
	return []string{"no bucket policy statement denies requests with aws:SecureTransport false"}
}

func checkS3KMS(s *stack, b *resource) []string {
	var rules []map[string]any
	if c := block(b.attrs, "server_side_encryption_configuration"); c != nil {
		rules = append(rules, blocks(c, "rule")...)
	}
	for _, c := range s.bucketSettings("aws_s3_bucket_server_side_encryption_configuration", b) {
		rules = append(rules, blocks(c.attrs, "rule")...)
	}
	if len(rules) == 0 {
		return []string{"no default encryption configuration: S3 uses SSE-S3 with a key nobody can restrict"}
	}
	for _, r := range rules {
		def := block(r, "apply_server_side_encryption_by_default")
		alg, key := str(def, "sse_algorithm"), str(def, "kms_master_key_id")
		switch {
		case isExpr(alg):
			return nil
		case alg == "aws:kms" || alg == "aws:kms:dsse":
			if key == "" || managedKey(key) {
				return []string{"default encryption uses the AWS-managed key aws/s3: give kms_master_key_id a customer-managed key"}
			}
			return nil
		}
	}
	return []string{"default encryption is SSE-S3 (AES256), not a customer-managed KMS key"}
}

func checkS3Versioning(s *stack, b *resource) []string {
	if on(block(b.attrs, "versioning"), "enabled", false) {
		return nil
	}
	// A bucket has at most one of each settings resource; the first decides.
	vs := s.bucketSettings("aws_s3_bucket_versioning", b)
	if len(vs) == 0 {
		return []string{"no aws_s3_bucket_versioning refers to this bucket"}
	}
	if status := str(block(vs[0].attrs, "versioning_configuration"), "status"); status != "Enabled" && !isExpr(status) {
		return []string{fmt.Sprintf("versioning status is %q", status)}
	}
	return nil
}

func checkS3Ownership(s *stack, b *resource) []string {
	os := s.bucketSettings("aws_s3_bucket_ownership_controls", b)
	if len(os) == 0 {
		return []string{"no aws_s3_bucket_ownership_controls refers to this bucket: ACLs stay in force"}
	}
	if own := str(block(os[0].attrs, "rule"), "object_ownership"); own != "BucketOwnerEnforced" && !isExpr(own) {
		return []string{fmt.Sprintf("object ownership is %q: ACLs stay in force", own)}
	}
	return nil
}

func checkS3Lifecycle(s *stack, b *resource) []string {
	for _, r := range blocks(b.attrs, "lifecycle_rule") {
		if on(r, "enabled", false) {
			return nil
		}
	}
	ls := s.bucketSettings("aws_s3_bucket_lifecycle_configuration", b)
	if len(ls) == 0 {
		return []string{"no aws_s3_bucket_lifecycle_configuration refers to this bucket: objects and old versions are kept forever"}
	}
	for _, r := range blocks(ls[0].attrs, "rule") {
		if st := str(r, "status"); st == "Enabled" || isExpr(st) {
			return nil
		}
	}
	return []string{"the lifecycle configuration has no enabled rule"}
}

var publicACLs = map[string]bool{"public-read": true, "public-read-write": true, "authenticated-read": true}

func checkS3PublicACL(s *stack, r *resource) []string {
	var out []string
	if acl := str(r.attrs, "acl"); publicACLs[acl] {
		out = append(out, fmt.Sprintf("canned ACL %q", acl))
	}
	for _, g := range blocks(block(r.attrs, "access_control_policy"), "grant") {
		uri := str(block(g, "grantee"), "uri")
		if strings.HasSuffix(uri, "/global/AllUsers") || strings.HasSuffix(uri, "/global/AuthenticatedUsers") {
			out = append(out, fmt.Sprintf("grant of %s to %s", str(g, "permission"), uri))
		}
	}
	for _, g := range blocks(r.attrs, "grant") { // aws_s3_bucket's own grants
		uri := str(g, "uri")
		if strings.HasSuffix(uri, "/global/AllUsers") || strings.HasSuffix(uri, "/global/AuthenticatedUsers") {
			out = append(out, fmt.Sprintf("grant of %s to %s", strings.Join(strs(g, "permissions"), ", "), uri))
		}
	}
	return out
}
