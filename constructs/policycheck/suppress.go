package policycheck

import (
	"fmt"
	"strings"
)

// applySuppressions marks the findings that a valid suppression covers,
// records every suppression, and adds the findings about suppressions
// themselves: a missing reason or an unknown rule (errors), and a
// suppression that suppressed nothing (a warning: it would hide the next
// real finding of that rule without anyone deciding so).
func applySuppressions(s *stack, rep *StackReport, opts Options) {
	type key struct{ addr, rule string }
	valid := map[key]int{} // index into rep.Suppressions
	var meta []Finding
	for _, r := range s.all() {
		for _, cs := range r.suppressions {
			rec := SuppressionRecord{RuleID: cs.ruleID, Path: r.path, Address: r.addr(), Reason: cs.reason, Source: sourceConstruct, Valid: true}
			if _, ok := ruleByID[cs.ruleID]; !ok {
				rec.Valid = false
				msg := fmt.Sprintf("the suppression names %q, which is not a rule of the pack", cs.ruleID)
				if _, isMeta := metaByID[cs.ruleID]; isMeta {
					msg = fmt.Sprintf("the suppression names %s, which cannot be suppressed", cs.ruleID)
				}
				meta = append(meta, newFinding(s, r, metaByID[ruleSuppressUnknown], msg))
			}
			if strings.TrimSpace(cs.reason) == "" {
				rec.Valid = false
				meta = append(meta, newFinding(s, r, metaByID[ruleSuppressNoReason], fmt.Sprintf("the suppression of %s has no reason", cs.ruleID)))
			}
			if rec.Valid {
				valid[key{r.addr(), cs.ruleID}] = len(rep.Suppressions)
			}
			rep.Suppressions = append(rep.Suppressions, rec)
		}
	}
	// Options suppressions are listed in the stacks they reach.
	optIdx := map[int]int{}
	for i, o := range opts.Suppressions {
		for _, r := range s.all() {
			if under(r.path, o.PathPrefix) {
				optIdx[i] = len(rep.Suppressions)
				rep.Suppressions = append(rep.Suppressions, SuppressionRecord{
					RuleID: o.RuleID, Path: o.PathPrefix, Reason: o.Reason, Source: sourceOptions, Valid: true,
				})
				break
			}
		}
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if idx, ok := valid[key{f.Address, f.RuleID}]; ok {
			suppress(f, &rep.Suppressions[idx])
			continue
		}
		for j, o := range opts.Suppressions {
			if o.RuleID == f.RuleID && under(f.Path, o.PathPrefix) {
				suppress(f, &rep.Suppressions[optIdx[j]])
				break
			}
		}
	}
	for _, rec := range rep.Suppressions {
		if rec.Source == sourceConstruct && rec.Valid && rec.Suppressed == 0 && opts.runs(rec.RuleID) {
			r := s.byAddr[rec.Address]
			meta = append(meta, newFinding(s, r, metaByID[ruleSuppressStale], fmt.Sprintf("the suppression of %s suppresses nothing: the resource passes that rule", rec.RuleID)))
		}
	}
	rep.Findings = append(rep.Findings, meta...)
}

func suppress(f *Finding, rec *SuppressionRecord) {
	f.Suppressed = true
	f.Reason = rec.Reason
	f.SuppressedBy = rec.Source
	rec.Suppressed++
}

// under reports whether a construct path is prefix or below it.
func under(path, prefix string) bool {
	prefix = strings.TrimSuffix(prefix, "/")
	return prefix != "" && (path == prefix || strings.HasPrefix(path, prefix+"/"))
}
