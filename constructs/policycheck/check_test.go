package policycheck

import (
	"regexp"
	"strings"
	"testing"
)

// noLogging is a bucket that fails S3-1 and nothing else.
func noLogging(meta obj) []res {
	rs := replace(goodBucket(), "aws_s3_bucket_logging", "b-logging", nil)
	if meta != nil {
		rs = replace(rs, "aws_s3_bucket", "b", obj{"bucket": "acme-b", "//": meta})
	}
	return rs
}

func findings(rep *StackReport, rule string) []Finding {
	var out []Finding
	for _, f := range rep.Findings {
		if f.RuleID == rule {
			out = append(out, f)
		}
	}
	return out
}

func mustCheck(t *testing.T, opts Options, rs ...res) *StackReport {
	t.Helper()
	rep, err := Check("test", tf(t, rs...), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestErrorNamesStackPathRuleAndFix(t *testing.T) {
	rep := mustCheck(t, Options{}, noLogging(nil)...)
	if rep.Errors() != 1 || rep.Warnings() != 0 || rep.Suppressed() != 0 {
		t.Fatalf("want exactly the S3-1 error, got %v", rep.Findings)
	}
	err := rep.Err()
	if err == nil {
		t.Fatal("no error for an error finding")
	}
	want := "stack test: test/b (aws_s3_bucket.b): S3-1 error: server access logging is off: no aws_s3_bucket_logging refers to this bucket; fix: add an aws_s3_bucket_logging"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error\n got %s\nwant %s...", err, want)
	}
	if rep.Findings[0].Line == 0 {
		t.Error("the finding has no line in cdk.tf.json")
	}
}

func TestWarningsDoNotStopSynth(t *testing.T) {
	rep := mustCheck(t, Options{}, replace(goodBucket(), "aws_s3_bucket_lifecycle_configuration", "b-lifecycle", nil)...)
	if rep.Warnings() != 1 || rep.Errors() != 0 || rep.Err() != nil {
		t.Fatalf("want one warning and no error, got %v (err %v)", rep.Findings, rep.Err())
	}
}

func TestSummaryLine(t *testing.T) {
	rep := mustCheck(t, Options{}, goodBucket()...)
	if !regexp.MustCompile(`^test: [0-9]+ rules, 0 errors, 0 warnings, 0 suppressed$`).MatchString(rep.Summary()) {
		t.Errorf("summary %q", rep.Summary())
	}
	if rep.RulesRun != 12 { // the 8 S3 rules, IAM-4 and IAM-5 on the bucket policy, TF-1 on the bucket, TF-2 on every block
		t.Errorf("RulesRun = %d, want 12", rep.RulesRun)
	}
	all := &Report{Stacks: []*StackReport{rep, mustCheck(t, Options{}, noLogging(nil)...)}}
	all.Stacks[1].Stack = "other"
	want := "test: 12 rules, 0 errors, 0 warnings, 0 suppressed\nother: 12 rules, 1 errors, 0 warnings, 0 suppressed\n"
	if got := all.Summary(); got != want {
		t.Errorf("Summary\n got %q\nwant %q", got, want)
	}
}

func TestConstructSuppression(t *testing.T) {
	rep := mustCheck(t, Options{}, noLogging(obj{"suppressions": obj{"S3-1": "receives the organization trail's logs only"}})...)
	if rep.Errors() != 0 || rep.Suppressed() != 1 || rep.Err() != nil {
		t.Fatalf("want the finding suppressed, got %v", rep.Findings)
	}
	f := findings(rep, "S3-1")[0]
	if !f.Suppressed || f.Reason != "receives the organization trail's logs only" || f.SuppressedBy != "construct" {
		t.Errorf("finding %+v", f)
	}
	want := SuppressionRecord{RuleID: "S3-1", Path: "test/b", Address: "aws_s3_bucket.b", Reason: "receives the organization trail's logs only", Source: "construct", Valid: true, Suppressed: 1}
	if len(rep.Suppressions) != 1 || rep.Suppressions[0] != want {
		t.Errorf("suppressions %+v, want %+v", rep.Suppressions, want)
	}
}

func TestSuppressionWithoutReasonIsAnError(t *testing.T) {
	for _, reason := range []any{"", "   ", nil, 42} {
		rep := mustCheck(t, Options{}, noLogging(obj{"suppressions": obj{"S3-1": reason}})...)
		if got := findings(rep, ruleSuppressNoReason); len(got) != 1 || got[0].Severity != Error {
			t.Errorf("reason %#v: want one %s error, got %v", reason, ruleSuppressNoReason, rep.Findings)
		}
		// An invalid suppression suppresses nothing.
		if f := findings(rep, "S3-1"); len(f) != 1 || f[0].Suppressed {
			t.Errorf("reason %#v: S3-1 %v", reason, f)
		}
		if rep.Errors() != 2 || rep.Suppressions[0].Valid || rep.Err() == nil || !strings.Contains(rep.Err().Error(), ruleSuppressNoReason) {
			t.Errorf("reason %#v: %d errors, suppressions %+v", reason, rep.Errors(), rep.Suppressions)
		}
	}
}

func TestSuppressionOfUnknownRuleIsAnError(t *testing.T) {
	for _, id := range []string{"S3-99", "CKV_AWS_18", ruleSuppressStale} {
		rep := mustCheck(t, Options{}, R("aws_s3_bucket", "x", obj{"//": obj{"suppressions": obj{id: "a reason"}}}))
		got := findings(rep, ruleSuppressUnknown)
		if len(got) != 1 || got[0].Severity != Error || !strings.Contains(got[0].Message, id) {
			t.Errorf("%s: want one %s error naming it, got %v", id, ruleSuppressUnknown, rep.Findings)
		}
	}
}

func TestStaleSuppressionWarns(t *testing.T) {
	rs := replace(goodBucket(), "aws_s3_bucket", "b", obj{"bucket": "acme-b", "//": obj{"suppressions": obj{"S3-1": "logs elsewhere"}}})
	rep := mustCheck(t, Options{}, rs...)
	if got := findings(rep, ruleSuppressStale); len(got) != 1 || got[0].Severity != Warning || got[0].Path != "test/b" {
		t.Errorf("want one stale-suppression warning on test/b, got %v", rep.Findings)
	}
}

func TestOptionsSuppression(t *testing.T) {
	opts := Options{Suppressions: []Suppression{
		{PathPrefix: "test/b", RuleID: "S3-1", Reason: "the vendor's bucket logs through CloudTrail data events"},
		{PathPrefix: "elsewhere", RuleID: "S3-2", Reason: "not this stack"},
	}}
	rep := mustCheck(t, opts, noLogging(nil)...)
	f := findings(rep, "S3-1")
	if len(f) != 1 || !f[0].Suppressed || f[0].SuppressedBy != "options" || rep.Err() != nil {
		t.Fatalf("want S3-1 suppressed by options, got %v", rep.Findings)
	}
	if len(rep.Suppressions) != 1 || rep.Suppressions[0].Source != "options" || rep.Suppressions[0].Suppressed != 1 {
		t.Errorf("suppressions %+v: want the matching one only", rep.Suppressions)
	}
	// A prefix matches whole path segments only.
	rep = mustCheck(t, Options{Suppressions: []Suppression{{PathPrefix: "test/b-", RuleID: "S3-1", Reason: "x"}}}, noLogging(nil)...)
	if rep.Errors() != 1 {
		t.Errorf("prefix test/b- suppressed test/b")
	}
}

func TestInvalidOptionsFailTheRun(t *testing.T) {
	for _, s := range []Suppression{
		{PathPrefix: "test/b", RuleID: "S3-1", Reason: " "},
		{PathPrefix: "test/b", RuleID: "S3-42", Reason: "x"},
		{PathPrefix: "", RuleID: "S3-1", Reason: "x"},
	} {
		_, err := Check("test", tf(t, goodBucket()...), Options{Suppressions: []Suppression{s}})
		if err == nil || !strings.Contains(err.Error(), "Options.Suppressions[0]") {
			t.Errorf("%+v: error %v", s, err)
		}
	}
}

func TestPathFallsBackToAddress(t *testing.T) {
	rep, err := Check("s", []byte(`{"resource":{"aws_sqs_queue":{"q":{"kms_master_key_id":"alias/aws/sqs"}}}}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := findings(rep, "SQS-1")
	if len(f) != 1 || f[0].Path != "aws_sqs_queue.q" || f[0].Address != "aws_sqs_queue.q" || f[0].Line != 1 {
		t.Errorf("findings %+v", f)
	}
	if !strings.Contains(f[0].String(), "stack s: aws_sqs_queue.q: SQS-1") {
		t.Errorf("String %q", f[0].String())
	}
}

func TestBadJSON(t *testing.T) {
	for _, in := range []string{`{`, `{"resource":{"aws_s3_bucket":[]}}`, `{"resource":{"aws_s3_bucket":{"b":1}}}`} {
		if _, err := Check("s", []byte(in), Options{}); err == nil || !strings.Contains(err.Error(), "stack s") {
			t.Errorf("%s: error %v", in, err)
		}
	}
	rep, err := Check("empty", []byte(`{}`), Options{})
	if err != nil || rep.Resources != 0 || rep.RulesRun != 0 || rep.Summary() != "empty: 0 rules, 0 errors, 0 warnings, 0 suppressed" {
		t.Errorf("empty stack: %+v, %v", rep, err)
	}
}

func TestFindingsAreSorted(t *testing.T) {
	rep := mustCheck(t, Options{},
		R("aws_sqs_queue", "z", obj{}),
		R("aws_sqs_queue", "a", obj{}),
	)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Path+" "+f.RuleID)
	}
	want := []string{"test/a SQS-1", "test/a SQS-2", "test/a SQS-3", "test/z SQS-1", "test/z SQS-2", "test/z SQS-3"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("order %v, want %v", got, want)
	}
}
