package spec

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	cases := []struct {
		name       string
		s          Settings
		production bool
		want       []string
	}{
		{"defaults", Settings{}, false, nil},
		{"production defaults", Settings{}, true, nil},
		{"provisioned", Settings{StreamMode: Provisioned, ShardCount: 4}, false, nil},
		{"provisioned without shards", Settings{StreamMode: Provisioned}, false, []string{"ShardCount"}},
		{"on-demand with shards", Settings{ShardCount: 2}, false, []string{"ShardCount"}},
		{"unknown mode", Settings{StreamMode: "AUTO"}, false, []string{"StreamMode"}},
		{"retention", Settings{RetentionHours: 8761}, false, []string{"RetentionHours"}},
		{"short retention", Settings{RetentionHours: 12}, false, []string{"RetentionHours"}},
		{"buffer under conversion minimum", Settings{BufferSizeMB: 32}, false, []string{"BufferSizeMB"}},
		{"scan limit", Settings{ScanLimitMB: 5}, false, []string{"ScanLimitMB"}},
		{"window", Settings{WindowSeconds: 901}, false, []string{"WindowSeconds"}},
		{"threshold and position", Settings{ErrorThreshold: -1, StartingPosition: "AT_TIMESTAMP"}, false, []string{"StartingPosition", "ErrorThreshold"}},
		{"production logs", Settings{LogRetentionDays: 90}, true, []string{"LogRetentionDays"}},
		{"unknown log retention", Settings{LogRetentionDays: 100}, false, []string{"LogRetentionDays"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			probs := tc.s.WithDefaults(tc.production).Check(tc.production)
			var got []string
			for _, p := range probs {
				got = append(got, p.Field)
				if p.Msg == "" {
					t.Errorf("%s: no message", p.Field)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("problems %v, want %v (%+v)", got, tc.want, probs)
			}
		})
	}
}
