package costestimate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The report files WriteFiles writes beside the stacks.
const (
	JSONReportName     = "cost-estimate.json"
	MarkdownReportName = "cost-estimate.md"
)

// JSON renders the estimate as indented JSON.
func (e *Estimate) JSON() ([]byte, error) {
	data, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("costestimate: %w", err)
	}
	return append(data, '\n'), nil
}

// WriteFiles writes cost-estimate.json and cost-estimate.md into dir.
func (e *Estimate) WriteFiles(dir string) error {
	data, err := e.JSON()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, JSONReportName), data, 0o644); err != nil {
		return fmt.Errorf("costestimate: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, MarkdownReportName), []byte(e.Markdown()), 0o644); err != nil {
		return fmt.Errorf("costestimate: %w", err)
	}
	return nil
}

// Summary is one line per environment, as synth prints it.
func (e *Estimate) Summary() string {
	var b strings.Builder
	for _, env := range e.Environments {
		fmt.Fprintf(&b, "cost estimate %s: %s USD/month fixed", env.Name, money(env.FixedMonthly))
		if env.UsageMonthly > 0 {
			fmt.Fprintf(&b, " + %s USD/month assumed usage", money(env.UsageMonthly))
		}
		if len(env.TopDrivers) > 0 {
			d := env.TopDrivers[0]
			fmt.Fprintf(&b, " (largest: %s, %s)", driverName(d), money(d.Monthly))
		}
		if env.Unpriced > 0 {
			fmt.Fprintf(&b, "; %d resources unpriced", env.Unpriced)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func driverName(d Driver) string {
	if d.Count == 1 {
		return d.What
	}
	return fmt.Sprintf("%d x %s", d.Count, d.What)
}

// money formats an amount with two decimals and thousands separators.
func money(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}

// Markdown renders the estimate for people.
func (e *Estimate) Markdown() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Monthly cost estimate\n\n")
	fmt.Fprintf(&b, "On-demand list prices in %s read %s, %d hours a month, computed from the synthesized stacks. ", e.Currency, e.PriceDate, e.HoursPerMonth)
	b.WriteString("Fixed costs are what the resources cost while they exist; usage-priced items show the quantity assumed per resource ")
	b.WriteString("(`cost_assumptions` in the organization file; 0 where not set). Not included: data transfer, backups and snapshots, ")
	b.WriteString("free tiers, taxes, Savings Plans and Reserved Instances, support plans.\n\n")

	b.WriteString("## Per environment\n\n| environment | stacks | fixed USD/month | assumed usage USD/month | top cost drivers | unpriced |\n|---|---|--:|--:|---|--:|\n")
	for _, env := range e.Environments {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %d |\n", env.Name, strings.Join(env.Stacks, ", "), money(env.FixedMonthly), money(env.UsageMonthly), driversText(env.TopDrivers), env.Unpriced)
	}

	if len(e.Assumptions) > 0 {
		b.WriteString("\n## Assumptions set\n\n| key | quantity | unit |\n|---|--:|---|\n")
		for _, k := range sortedKeys(e.Assumptions) {
			uk := usageKeys[k]
			fmt.Fprintf(&b, "| `%s` | %s | %s %s |\n", k, num(e.Assumptions[k]), uk.Unit, uk.Per)
		}
	}

	for _, s := range e.Stacks {
		fmt.Fprintf(&b, "\n## Stack %s (%s)\n\n", s.Stack, s.Environment)
		fmt.Fprintf(&b, "Fixed: **%s USD/month**; assumed usage: %s USD/month", money(s.FixedMonthly), money(s.UsageMonthly))
		if len(s.Regions) > 0 {
			fmt.Fprintf(&b, "; regions: %s", strings.Join(s.Regions, ", "))
		}
		b.WriteString(".\n")
		if len(s.TopDrivers) > 0 {
			fmt.Fprintf(&b, "\nTop cost drivers: %s.\n", driversText(s.TopDrivers))
		}
		if len(s.Fixed) > 0 {
			b.WriteString("\n| resource | region | fixed cost | USD/month |\n|---|---|---|--:|\n")
			for _, it := range s.Fixed {
				fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", it.Address, it.Region, it.Detail, money(it.Monthly))
			}
		}
		if len(s.Usage) > 0 {
			b.WriteString("\n| usage (`cost_assumptions` key) | region | resources | assumed per resource | unit price USD | USD/month |\n|---|---|--:|---|--:|--:|\n")
			for _, u := range s.Usage {
				assumed := num(u.Assumed) + " " + u.Unit
				if !u.Set {
					assumed += " (not set)"
				}
				fmt.Fprintf(&b, "| `%s` %s | %s | %d | %s | %s | %s |\n", u.Key, u.Per, u.Region, u.Resources, assumed, num(u.UnitPrice), money(u.Monthly))
			}
		}
		if len(s.Unpriced) > 0 {
			b.WriteString("\nUnpriced:\n\n")
			for _, u := range s.Unpriced {
				fmt.Fprintf(&b, "- `%s`: %s\n", u.Address, u.Reason)
			}
		}
	}
	return b.String()
}

// EnvironmentTable is a short Markdown table of the environments' monthly
// totals and top cost drivers, with a total row: what the README shows.
func (e *Estimate) EnvironmentTable() string {
	var b strings.Builder
	b.WriteString("| environment | fixed USD/month | assumed usage USD/month | top cost drivers |\n|---|--:|--:|---|\n")
	var fixed, usage float64
	for _, env := range e.Environments {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", env.Name, money(env.FixedMonthly), money(env.UsageMonthly), driversText(env.TopDrivers))
		fixed += env.FixedMonthly
		usage += env.UsageMonthly
	}
	fmt.Fprintf(&b, "| **total** | **%s** | **%s** | |\n", money(cents(fixed)), money(cents(usage)))
	return b.String()
}

func driversText(ds []Driver) string {
	if len(ds) == 0 {
		return "—"
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s %s", driverName(d), money(d.Monthly))
	}
	return strings.Join(parts, "; ")
}

// CatalogMarkdown documents the catalog: the assumption keys with their
// units and us-east-1 unit prices, the priced and usage-priced resource
// types, and the free types with the reason. CATALOG.md is this text.
func CatalogMarkdown() string {
	var b strings.Builder
	b.WriteString("# Cost estimate catalog\n\n")
	b.WriteString("Generated from `constructs/costestimate` (`go test ./constructs/costestimate -run TestCatalogMarkdown -update`). ")
	fmt.Fprintf(&b, "Prices read %s, %d hours a month; the figures and their sources are in `prices.go`. ", PriceDate, HoursPerMonth)
	fmt.Fprintf(&b, "Regions with a price table: %s.\n\n", strings.Join(PricedRegions(), ", "))
	b.WriteString("## `cost_assumptions` keys\n\nEach quantity is per month and per resource of its kind; a key left out is assumed 0.\n\n")
	b.WriteString("| key | per | unit | unit price in us-east-1, USD |\n|---|---|---|--:|\n")
	for _, k := range UsageKeys() {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", k.Key, k.Per, k.Unit, num(usEast1[k.price]))
	}
	var priced, usage []string
	for _, typ := range sortedKeys(catalog) {
		if Classify(typ) == Priced {
			priced = append(priced, "`"+typ+"`")
		} else {
			usage = append(usage, "`"+typ+"`")
		}
	}
	fmt.Fprintf(&b, "\n## Priced resource types (%d)\n\nA fixed monthly cost, and for some a usage price too: %s.\n", len(priced), strings.Join(priced, ", "))
	fmt.Fprintf(&b, "\n## Usage-priced resource types (%d)\n\nNo fixed cost; listed with the keys above: %s.\n", len(usage), strings.Join(usage, ", "))
	fmt.Fprintf(&b, "\n## Free resource types (%d)\n\n| type | why it costs nothing by itself |\n|---|---|\n", len(freeTypes))
	for _, typ := range sortedKeys(freeTypes) {
		fmt.Fprintf(&b, "| `%s` | %s |\n", typ, freeTypes[typ])
	}
	b.WriteString("\nAny other type is listed as unpriced in the reports and fails `TestCostEstimateCoversEveryResourceType` when the example organization creates it.\n")
	return b.String()
}
