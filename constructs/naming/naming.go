// Package naming builds the names of AWS resources from the organization,
// the scope (account or environment) and a purpose, and checks them against
// AWS's length and character rules before anything is created.
package naming

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	partRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	prefixRE = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)
	bucketRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
)

// Join joins lowercase name parts with hyphens, skipping empty ones.
func Join(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "-")
}

// Name joins parts and checks the result against max characters and the
// lowercase-hyphen alphabet every name here uses.
func Name(max int, parts ...string) (string, error) {
	for _, p := range parts {
		if p != "" && !partRE.MatchString(p) {
			return "", fmt.Errorf("name part %q: use lowercase letters, digits and hyphens", p)
		}
	}
	n := Join(parts...)
	if n == "" {
		return "", fmt.Errorf("empty name")
	}
	if len(n) > max {
		return "", fmt.Errorf("name %q is %d characters; AWS allows %d here", n, len(n), max)
	}
	return n, nil
}

// CheckPrefix checks a construct's Name, the prefix it names its resources
// with: required, at most max characters, lowercase letters, digits and
// single hyphens, starting with a letter and ending with a letter or digit
// (the alphabet every AWS service here accepts in names). The error says
// what is wrong, for the caller to prefix with the field and value.
func CheckPrefix(name string, max int) error {
	switch {
	case name == "":
		return fmt.Errorf("is required")
	case len(name) > max:
		return fmt.Errorf("longer than %d characters", max)
	case !prefixRE.MatchString(name) || strings.Contains(name, "--"):
		return fmt.Errorf("use lowercase letters, digits and single hyphens, starting with a letter")
	}
	return nil
}

// Bucket is a globally unique S3 bucket name: org-purpose-account-region.
// The account id and region make it unique without random suffixes, so
// other stacks can derive it.
func Bucket(org, purpose, accountID, region string) (string, error) {
	n, err := Name(63, org, purpose, accountID, region)
	if err != nil {
		return "", fmt.Errorf("bucket %w", err)
	}
	return n, CheckBucket(n)
}

// CheckBucket checks a bucket name against S3's rules for general purpose
// buckets.
func CheckBucket(n string) error {
	switch {
	case !bucketRE.MatchString(n):
		return fmt.Errorf("bucket name %q: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit", n)
	case strings.Contains(n, ".."), strings.HasPrefix(n, "xn--"), strings.HasSuffix(n, "-s3alias"), strings.HasSuffix(n, "--ol-s3"):
		return fmt.Errorf("bucket name %q: uses a form S3 reserves", n)
	}
	return nil
}
