package costestimate

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite CATALOG.md from the catalog")

// TestCatalogMarkdown keeps CATALOG.md equal to the catalog.
func TestCatalogMarkdown(t *testing.T) {
	got := CatalogMarkdown()
	if *update {
		if err := os.WriteFile("CATALOG.md", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("CATALOG.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Fatal("CATALOG.md is stale; regenerate it: go test ./constructs/costestimate -run TestCatalogMarkdown -update")
	}
	for _, typ := range []string{"`aws_nat_gateway`", "`aws_s3_bucket`", "| `aws_vpc` |", "| `nat_gateway_gb` |"} {
		if !strings.Contains(got, typ) {
			t.Errorf("%s is missing", typ)
		}
	}
}
