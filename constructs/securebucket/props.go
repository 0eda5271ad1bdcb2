package securebucket

import (
	"fmt"
	"strings"

	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/naming"
)

// Props configures a Bucket. The zero value is a secure bucket: KMS with a
// key made for it, versioning, all public access blocked, ACLs off, TLS 1.2+
// only, wrong-key uploads denied, the default lifecycle and access logs to a
// log bucket made for it.
type Props struct {
	// Name is the bucket name; empty lets AWS choose one. naming.Bucket
	// builds unique, derivable names.
	Name string
	// KMSKey encrypts the bucket; nil makes a key with rotation for it.
	KMSKey *kmskey.Key
	// Lifecycle rules; nil applies DefaultLifecycle(), and a value applies
	// exactly its rules (its zero fields switch that rule off).
	Lifecycle *Lifecycle
	// AccessLogs says where server access logs go.
	AccessLogs AccessLogs
	// AccessLogTarget makes this bucket a server access log target: S3's
	// log delivery may write to it (and use its key), and it does not log
	// its own access (that would loop).
	AccessLogTarget bool
	// DisableVersioning turns versioning off. Versioning protects against
	// overwrites and deletes and is needed by replication and object lock;
	// turn it off only for data you can rebuild.
	DisableVersioning bool
	// ObjectLock enables write-once-read-many retention. It can only be
	// chosen when the bucket is created.
	ObjectLock *ObjectLock
	// Replication copies new objects to another bucket, usually in another
	// region.
	Replication *Replication
	// SSES3Uploads are the only exceptions to the rule that uploads asking
	// for an encryption other than the bucket's KMS key are refused: each
	// admits SSE-S3 (AES256) uploads under one key prefix, from named AWS
	// service principals only. Some log deliveries can write no other way
	// (CloudTrail digest files, ALB access logs); everything else stays
	// under the bucket's key. Empty (the default) admits none.
	SSES3Uploads []SSES3Upload
	// LoadBalancerLogs makes the bucket the target of Application Load
	// Balancer access logs, the one documented exception to KMS: ALB log
	// delivery supports SSE-S3 only, so the bucket's default encryption
	// becomes SSE-S3 (AES256), no KMS key is made, and the bucket policy
	// refuses uploads asking for any other encryption and admits exactly
	// Elastic Load Balancing's log delivery for this account and region.
	// Use a bucket for nothing else. Nil (the default): not a log target.
	LoadBalancerLogs *LoadBalancerLogs
	// ForceDestroy lets Terraform delete a bucket that still holds objects.
	ForceDestroy bool
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// Lifecycle is the bucket's lifecycle configuration. Days count from object
// creation; a zero field switches that rule off.
type Lifecycle struct {
	InfrequentAccessDays     int // move to STANDARD_IA (S3 requires >= 30)
	GlacierDays              int // move to GLACIER (Flexible Retrieval)
	ExpirationDays           int // expire current versions
	NoncurrentExpirationDays int // delete noncurrent versions this long after they became noncurrent
	AbortMultipartDays       int // abort incomplete multipart uploads
}

// DefaultLifecycle is the architecture guide's lifecycle: Standard-IA at 30
// days, Glacier at 90, expiry at 365, noncurrent versions kept 90 days, and
// incomplete multipart uploads aborted after 7.
func DefaultLifecycle() *Lifecycle {
	return &Lifecycle{InfrequentAccessDays: 30, GlacierDays: 90, ExpirationDays: 365, NoncurrentExpirationDays: 90, AbortMultipartDays: 7}
}

// LogArchiveLifecycle keeps logs seven years, the retention most audit
// regimes ask for, moving them to colder storage as they age.
func LogArchiveLifecycle() *Lifecycle {
	return &Lifecycle{InfrequentAccessDays: 30, GlacierDays: 90, ExpirationDays: 2557, NoncurrentExpirationDays: 90, AbortMultipartDays: 7}
}

// AccessLogs chooses where server access logs of the bucket go.
type AccessLogs struct {
	// Target receives the logs; nil makes a log bucket for this bucket.
	// One target per stack is the usual shape: make it with
	// AccessLogTarget and pass it to every bucket.
	Target *Bucket
	// Prefix of the log objects; default "<bucket name or id>/".
	Prefix string
	// Disabled turns access logging off. Access logs are the record of who
	// read what; keep them unless another record (CloudTrail data events)
	// covers the bucket.
	Disabled bool
}

// SSES3Upload admits uploads encrypted with SSE-S3 (AES256) instead of the
// bucket's KMS key under Prefix, by Services only.
type SSES3Upload struct {
	// Prefix is the object-key prefix, without a leading "/"; "*" matches
	// any characters, "/" included, as in any S3 resource ARN. Example:
	// "AWSLogs/o-a1b2c3d4e5/*/CloudTrail-Digest/".
	Prefix string
	// Services are the service principals that may upload with SSE-S3
	// under Prefix, such as "cloudtrail.amazonaws.com". Other principals'
	// SSE-S3 uploads there are refused (aws:PrincipalServiceName).
	Services []string
}

// LoadBalancerLogs admits ALB access logs under Prefix.
type LoadBalancerLogs struct {
	// Prefix is the load balancers' access_logs prefix, without slashes at
	// either end and without AWSLogs (ELB adds AWSLogs/<account>/); such as
	// "alb". Required.
	Prefix string
}

// ObjectLockMode is how strictly object lock retains objects.
type ObjectLockMode string

// Object lock modes.
const (
	// Governance lets principals with s3:BypassGovernanceRetention delete
	// locked objects.
	Governance ObjectLockMode = "GOVERNANCE"
	// Compliance lets nobody, not even the root user, delete a locked
	// object before its retention ends.
	Compliance ObjectLockMode = "COMPLIANCE"
)

// ObjectLock is the bucket's default retention.
type ObjectLock struct {
	Mode ObjectLockMode
	Days int
}

// Replication copies objects to a destination bucket that must have
// versioning on.
type Replication struct {
	// DestinationBucketARN is the bucket objects are copied to.
	DestinationBucketARN string
	// DestinationKMSKeyARN encrypts the replicas; required, since every
	// object here is KMS-encrypted and S3 replicates those only when told
	// which key to use at the destination.
	DestinationKMSKeyARN string
	// DestinationAccountID, when the destination is in another account,
	// makes that account own the replicas.
	DestinationAccountID string
	// StorageClass of the replicas; default STANDARD.
	StorageClass string
}

func (p *Props) validate(id string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("securebucket %s: "+format, append([]any{id}, args...)...)
	}
	if p.Name != "" {
		if err := naming.CheckBucket(p.Name); err != nil {
			return fail("Name: %v", err)
		}
	}
	if lb := p.LoadBalancerLogs; lb != nil {
		switch {
		case lb.Prefix == "" || strings.HasPrefix(lb.Prefix, "/") || strings.HasSuffix(lb.Prefix, "/"):
			return fail("LoadBalancerLogs.Prefix %q: required, without a slash at either end", lb.Prefix)
		case strings.Contains(lb.Prefix, "AWSLogs"):
			return fail("LoadBalancerLogs.Prefix %q: must not contain AWSLogs (ELB adds it)", lb.Prefix)
		case p.AccessLogTarget || p.KMSKey != nil || len(p.SSES3Uploads) > 0 || p.Replication != nil:
			return fail("LoadBalancerLogs: a load balancer log bucket takes no AccessLogTarget, KMSKey, SSES3Uploads or Replication (it is SSE-S3 encrypted and has no key)")
		}
	}
	if p.AccessLogTarget && p.AccessLogs.Target != nil {
		return fail("AccessLogs.Target: an access log target does not log to another bucket")
	}
	if l := p.Lifecycle; l != nil {
		for name, v := range map[string]int{"InfrequentAccessDays": l.InfrequentAccessDays, "GlacierDays": l.GlacierDays, "ExpirationDays": l.ExpirationDays, "NoncurrentExpirationDays": l.NoncurrentExpirationDays, "AbortMultipartDays": l.AbortMultipartDays} {
			if v < 0 {
				return fail("Lifecycle.%s %d: must not be negative", name, v)
			}
		}
		if l.InfrequentAccessDays != 0 && l.InfrequentAccessDays < 30 {
			return fail("Lifecycle.InfrequentAccessDays %d: S3 moves objects to STANDARD_IA after 30 days at the earliest", l.InfrequentAccessDays)
		}
		if l.GlacierDays != 0 && l.InfrequentAccessDays != 0 && l.GlacierDays < l.InfrequentAccessDays+30 {
			return fail("Lifecycle.GlacierDays %d: objects must stay 30 days in STANDARD_IA (moved at day %d) first", l.GlacierDays, l.InfrequentAccessDays)
		}
		last := max(l.InfrequentAccessDays, l.GlacierDays)
		if l.ExpirationDays != 0 && l.ExpirationDays <= last {
			return fail("Lifecycle.ExpirationDays %d: must come after the last transition (day %d)", l.ExpirationDays, last)
		}
	}
	if ol := p.ObjectLock; ol != nil {
		if ol.Mode != Governance && ol.Mode != Compliance {
			return fail("ObjectLock.Mode %q: must be GOVERNANCE or COMPLIANCE", ol.Mode)
		}
		if ol.Days < 1 {
			return fail("ObjectLock.Days %d: must be at least 1", ol.Days)
		}
		if p.DisableVersioning {
			return fail("ObjectLock needs versioning; remove DisableVersioning")
		}
	}
	for i, e := range p.SSES3Uploads {
		switch {
		case e.Prefix == "" || strings.HasPrefix(e.Prefix, "/"):
			return fail("SSES3Uploads[%d].Prefix %q: must be a non-empty object-key prefix without a leading /", i, e.Prefix)
		case len(e.Services) == 0:
			return fail("SSES3Uploads[%d].Services: name the service principals that may upload with SSE-S3 under %q", i, e.Prefix)
		}
		for _, svc := range e.Services {
			if !strings.Contains(svc, ".amazonaws.com") {
				return fail("SSES3Uploads[%d].Services %q: not an AWS service principal (like cloudtrail.amazonaws.com)", i, svc)
			}
		}
	}
	if r := p.Replication; r != nil {
		if p.DisableVersioning {
			return fail("Replication needs versioning; remove DisableVersioning")
		}
		if r.DestinationBucketARN == "" {
			return fail("Replication.DestinationBucketARN is required")
		}
		if r.DestinationKMSKeyARN == "" {
			return fail("Replication.DestinationKMSKeyARN is required: replicas of KMS-encrypted objects need a destination key")
		}
	}
	return nil
}
