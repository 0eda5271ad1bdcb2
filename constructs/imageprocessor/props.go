// Package imageprocessor is the image pipeline of guide 3.3: uploads under a
// prefix of an uploads bucket trigger a Go Lambda function (package handler)
// that writes resized, metadata-free images to a separate processed bucket.
// The function never writes to the uploads bucket, so its output cannot
// trigger it again.
package imageprocessor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/acme/landing-zone/constructs/imageprocessor/handler"
	"github.com/acme/landing-zone/constructs/lambdapkg"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
)

// Suffixes are the keys' endings the bucket notification passes to the
// function, one notification each (S3 filters take one suffix per rule).
// S3 matches them case-sensitively, and cameras write .JPG: both cases are
// listed (the handler reads the extension in any case).
var Suffixes = []string{".jpg", ".jpeg", ".png", ".webp", ".JPG", ".JPEG", ".PNG", ".WEBP"}

// HandlerPackage is the function's main package, for lambdapkg.Builder.Prefetch.
const HandlerPackage = "github.com/acme/landing-zone/constructs/imageprocessor/handler/cmd/resize"

// Props configures a Processor.
type Props struct {
	// Name names the function, its role, log group, key alias and
	// failure queue, such as "acme-dev-images". Required.
	Name string
	// Source is the uploads bucket. The Processor owns its
	// aws_s3_bucket_notification: S3 keeps one notification configuration
	// per bucket and the resource replaces it whole, so no other construct
	// may add notifications to this bucket.
	Source *securebucket.Bucket
	// Prefix is the key prefix that triggers processing, such as
	// "uploads/". Required (a whole-bucket trigger is too broad), ending in "/".
	Prefix string
	// Destination is the processed-images bucket; required, and not Source.
	Destination *securebucket.Bucket
	// MaxWidth and MaxHeight bound the output; default 1024 each, at most 10000.
	MaxWidth, MaxHeight int
	// LogRetentionDays is the log group's retention; default 365.
	LogRetentionDays int
	// ConcurrencyQuota is the account's declared Lambda concurrency quota
	// (0: unknown) and ReservedConcurrency the function's reservation (0:
	// none), checked as for the order system (orderspec).
	ConcurrencyQuota, ReservedConcurrency int
	// Builder compiles the handler; nil: a new lambdapkg.Builder.
	Builder *lambdapkg.Builder
	Tags    map[string]string
}

// settings are Props with defaults applied.
type settings struct {
	Props
	limits handler.Limits
}

// validate checks props in plain Go, one line per problem naming the field.
func (p Props) validate() (settings, error) {
	var errs []error
	add := func(field string, v any, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %v: %w", field, v, err))
		}
	}
	// The function and role are named Name (Lambda: 64, IAM role: 64),
	// the queue Name+"-failed" (SQS: 80).
	add("Name", fmt.Sprintf("%q", p.Name), naming.CheckPrefix(p.Name, 56))
	if p.Source == nil {
		errs = append(errs, errors.New("Source: required (the uploads bucket)"))
	}
	if p.Destination == nil {
		errs = append(errs, errors.New("Destination: required (the processed-images bucket)"))
	}
	if p.Source != nil && p.Destination != nil && (p.Source == p.Destination || p.Source.ARN == p.Destination.ARN) {
		add("Destination", p.Destination.Name, errors.New("is the Source bucket: the function's output would trigger it again"))
	}
	if p.Prefix == "" || !strings.HasSuffix(p.Prefix, "/") || strings.HasPrefix(p.Prefix, "/") || strings.ContainsAny(p.Prefix, "*?") {
		add("Prefix", fmt.Sprintf("%q", p.Prefix), errors.New(`must be a key prefix like "uploads/": not empty, ending in "/", no leading "/" or wildcards`))
	}
	s := settings{Props: p, limits: handler.DefaultLimits}
	if s.MaxWidth == 0 {
		s.MaxWidth = handler.DefaultLimits.MaxWidth
	}
	if s.MaxHeight == 0 {
		s.MaxHeight = handler.DefaultLimits.MaxHeight
	}
	if s.MaxWidth < 1 || s.MaxWidth > 10000 {
		add("MaxWidth", s.MaxWidth, errors.New("must be 1-10000"))
	}
	if s.MaxHeight < 1 || s.MaxHeight > 10000 {
		add("MaxHeight", s.MaxHeight, errors.New("must be 1-10000"))
	}
	s.limits.MaxWidth, s.limits.MaxHeight = s.MaxWidth, s.MaxHeight
	if s.LogRetentionDays == 0 {
		s.LogRetentionDays = loggroup.DefaultRetentionDays
	}
	if err := loggroup.CheckRetention(s.LogRetentionDays); err != nil {
		errs = append(errs, fmt.Errorf("LogRetentionDays %w", err))
	}
	add("ConcurrencyQuota", p.ConcurrencyQuota, orderspec.CheckConcurrencyQuota(p.ConcurrencyQuota))
	add("ReservedConcurrency", p.ReservedConcurrency, checkReserved(p.ReservedConcurrency, p.ConcurrencyQuota))
	return s, errors.Join(errs...)
}

// checkReserved checks one function's reservation against the declared
// quota: Lambda keeps orderspec.MinUnreservedConcurrency unreserved and
// refuses reservations below it ("decreases account's
// UnreservedConcurrentExecution below its minimum value"), so without a
// declared quota there is no reservation (new accounts may have 10).
func checkReserved(n, quota int) error {
	switch {
	case n == 0:
		return nil
	case n < 0:
		return errors.New("must be positive, or 0 for no reservation")
	case quota <= 0:
		return fmt.Errorf("a reservation needs ConcurrencyQuota declared: new accounts often have a quota of 10, and Lambda keeps %d unreserved", orderspec.MinUnreservedConcurrency)
	case n > quota-orderspec.MinUnreservedConcurrency:
		return fmt.Errorf("leaves fewer than %d of the declared quota %d unreserved, which Lambda refuses", orderspec.MinUnreservedConcurrency, quota)
	}
	return nil
}
