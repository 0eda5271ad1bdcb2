// Package costestimate estimates what synthesized stacks cost each month, in
// plain Go over the Terraform JSON that CDKTF writes (the same files the
// policy checks read), with no jsii call and no AWS access.
//
// Resources with a fixed monthly price (NAT gateways, interface endpoints,
// Transit Gateway attachments, load balancers, EC2, RDS and Aurora
// instances, ElastiCache nodes, Fargate tasks, KMS keys, secrets, alarms,
// Route 53 zones and health checks, WAF web ACLs and rules, Kinesis
// streams, EBS volumes, public IPv4 addresses) are priced from a dated price
// table per region (prices.go), at 730 hours a month. Usage-priced
// resources (requests, gigabytes processed, storage) are listed with their
// unit price and the quantity assumed from Assumptions, 0 unless the model
// sets it: nothing is guessed. Every resource type is either priced,
// usage-priced or free (Classify); a type the catalog does not know, an
// instance class missing from the table, or a region without a table is
// listed as unpriced, never dropped.
//
// A resource is priced in its provider's region: a resource with
// "provider": "aws.<alias>" in the region of that aliased provider.
//
//	est, err := costestimate.EstimateOutdir(dir, assumptions)
//	fmt.Print(est.Summary())          // one line per environment
//	err = est.WriteFiles(dir)         // cost-estimate.json and cost-estimate.md
package costestimate

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// SharedEnvironment is the environment of stacks that serve the whole
// organization (every stack but workload-<env>).
const SharedEnvironment = "shared"

// Item is one fixed monthly cost of one resource.
type Item struct {
	Address string `json:"address"`
	Region  string `json:"region"`
	// Driver groups items for the top cost drivers, such as "NAT gateway"
	// or "Aurora db.r7g.large instance".
	Driver string `json:"driver"`
	// Detail shows the arithmetic: "730 h x 0.045 USD".
	Detail  string  `json:"detail"`
	Monthly float64 `json:"monthly"`
}

// UsageLine is one usage-priced dimension of a stack: every resource it
// applies to, the quantity assumed for each and the unit price.
type UsageLine struct {
	Key    string `json:"key"`
	Region string `json:"region"`
	Per    string `json:"per"`
	Unit   string `json:"unit"`
	// Resources counts the resources the key applies to.
	Resources int     `json:"resources"`
	UnitPrice float64 `json:"unitPrice"`
	// Assumed is the quantity per resource; Set says whether the model
	// gave it (false: assumed 0).
	Assumed float64 `json:"assumed"`
	Set     bool    `json:"set"`
	Monthly float64 `json:"monthly"`
}

// Unpriced is a resource whose cost the estimate could not compute.
type Unpriced struct {
	Address string `json:"address"`
	Reason  string `json:"reason"`
}

// Driver is one line of the top cost drivers: items grouped by Driver.
type Driver struct {
	What    string  `json:"what"`
	Count   int     `json:"count"`
	Monthly float64 `json:"monthly"`
}

// StackEstimate is the estimate of one stack.
type StackEstimate struct {
	Stack       string `json:"stack"`
	Environment string `json:"environment"`
	// Regions are the regions the stack's priced resources are in.
	Regions      []string    `json:"regions"`
	FixedMonthly float64     `json:"fixedMonthly"`
	UsageMonthly float64     `json:"usageMonthly"`
	TopDrivers   []Driver    `json:"topDrivers"`
	Fixed        []Item      `json:"fixed"`
	Usage        []UsageLine `json:"usage"`
	Unpriced     []Unpriced  `json:"unpriced"`
	// Types counts the stack's resources by type, for the coverage test.
	Types map[string]int `json:"-"`
}

// EnvironmentEstimate adds up the stacks of one environment.
type EnvironmentEstimate struct {
	Name         string   `json:"name"`
	Stacks       []string `json:"stacks"`
	FixedMonthly float64  `json:"fixedMonthly"`
	UsageMonthly float64  `json:"usageMonthly"`
	TopDrivers   []Driver `json:"topDrivers"`
	Unpriced     int      `json:"unpriced"`
}

// Estimate is the estimate of one synth.
type Estimate struct {
	PriceDate     string                 `json:"priceDate"`
	Currency      string                 `json:"currency"`
	HoursPerMonth int                    `json:"hoursPerMonth"`
	Assumptions   Assumptions            `json:"assumptions"`
	Environments  []*EnvironmentEstimate `json:"environments"`
	Stacks        []*StackEstimate       `json:"stacks"`
}

// topN is how many cost drivers a stack or environment lists.
const topN = 5

// EnvironmentOf returns the environment of a stack: <env> for
// workload-<env>, SharedEnvironment for the rest.
func EnvironmentOf(stack string) string {
	if env, ok := strings.CutPrefix(stack, "workload-"); ok && env != "" {
		return env
	}
	return SharedEnvironment
}

// EstimateOutdir estimates every stack a synth wrote under outdir
// (outdir/stacks/<stack>/cdk.tf.json).
func EstimateOutdir(outdir string, a Assumptions) (*Estimate, error) {
	files, err := filepath.Glob(filepath.Join(outdir, "stacks", "*", "cdk.tf.json"))
	if err != nil {
		return nil, fmt.Errorf("costestimate: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("costestimate: no stacks under %s", outdir)
	}
	stacks := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("costestimate: %w", err)
		}
		stacks[filepath.Base(filepath.Dir(f))] = data
	}
	return EstimateAll(stacks, a)
}

// EstimateAll estimates the stacks given as Terraform JSON by name and adds
// them up per environment.
func EstimateAll(stacks map[string][]byte, a Assumptions) (*Estimate, error) {
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("costestimate: %w", err)
	}
	est := &Estimate{PriceDate: PriceDate, Currency: Currency, HoursPerMonth: HoursPerMonth, Assumptions: a}
	if est.Assumptions == nil {
		est.Assumptions = Assumptions{}
	}
	envs := map[string]*EnvironmentEstimate{}
	envItems := map[string][]Item{}
	for _, name := range sortedKeys(stacks) {
		se, err := EstimateStack(name, stacks[name], a)
		if err != nil {
			return nil, err
		}
		est.Stacks = append(est.Stacks, se)
		env := envs[se.Environment]
		if env == nil {
			env = &EnvironmentEstimate{Name: se.Environment}
			envs[se.Environment] = env
		}
		env.Stacks = append(env.Stacks, se.Stack)
		env.FixedMonthly += se.FixedMonthly
		env.UsageMonthly += se.UsageMonthly
		env.Unpriced += len(se.Unpriced)
		envItems[se.Environment] = append(envItems[se.Environment], se.Fixed...)
	}
	for _, name := range sortedKeys(envs) {
		env := envs[name]
		env.TopDrivers = topDrivers(envItems[name])
		env.FixedMonthly = cents(env.FixedMonthly)
		env.UsageMonthly = cents(env.UsageMonthly)
		est.Environments = append(est.Environments, env)
	}
	// Workload environments first, in name order, then shared.
	sort.SliceStable(est.Environments, func(i, j int) bool {
		return est.Environments[i].Name != SharedEnvironment && est.Environments[j].Name == SharedEnvironment
	})
	return est, nil
}

// Environment returns the estimate of the environment called name.
func (e *Estimate) Environment(name string) (*EnvironmentEstimate, bool) {
	for _, env := range e.Environments {
		if env.Name == name {
			return env, true
		}
	}
	return nil, false
}

// Stack returns the estimate of the stack called name.
func (e *Estimate) Stack(name string) (*StackEstimate, bool) {
	for _, s := range e.Stacks {
		if s.Stack == name {
			return s, true
		}
	}
	return nil, false
}

// stack is one parsed stack.
type stack struct {
	name      string
	resources []*resource
	byAddr    map[string]*resource
	// regions maps a provider reference ("aws", "aws.<alias>") to its
	// region.
	regions map[string]string
}

// resource is one resource of a stack.
type resource struct {
	typ, name string
	attrs     map[string]any
	region    string
}

func (r *resource) addr() string { return r.typ + "." + r.name }

func parseStack(name string, tfJSON []byte) (*stack, error) {
	var doc struct {
		Provider map[string][]map[string]any          `json:"provider"`
		Resource map[string]map[string]map[string]any `json:"resource"`
	}
	if err := json.Unmarshal(tfJSON, &doc); err != nil {
		return nil, fmt.Errorf("costestimate: stack %s: %w", name, err)
	}
	s := &stack{name: name, byAddr: map[string]*resource{}, regions: map[string]string{}}
	for _, p := range doc.Provider["aws"] {
		region, _ := p["region"].(string)
		ref := "aws"
		if alias, ok := p["alias"].(string); ok && alias != "" {
			ref = "aws." + alias
		}
		s.regions[ref] = region
	}
	for typ, byName := range doc.Resource {
		for rname, attrs := range byName {
			r := &resource{typ: typ, name: rname, attrs: attrs}
			ref := "aws"
			if p, ok := attrs["provider"].(string); ok && p != "" {
				ref = p
			}
			r.region = s.regions[ref]
			s.resources = append(s.resources, r)
			s.byAddr[r.addr()] = r
		}
	}
	sort.Slice(s.resources, func(i, j int) bool { return s.resources[i].addr() < s.resources[j].addr() })
	return s, nil
}

// EstimateStack estimates one stack from its Terraform JSON.
func EstimateStack(name string, tfJSON []byte, a Assumptions) (*StackEstimate, error) {
	s, err := parseStack(name, tfJSON)
	if err != nil {
		return nil, err
	}
	se := &StackEstimate{Stack: name, Environment: EnvironmentOf(name), Types: map[string]int{},
		Fixed: []Item{}, Usage: []UsageLine{}, Unpriced: []Unpriced{}, TopDrivers: []Driver{}, Regions: []string{}}
	usage := map[[2]string]*UsageLine{}
	regions := map[string]bool{}
	for _, r := range s.resources {
		se.Types[r.typ]++
		entry, known := catalog[r.typ]
		if !known {
			if _, free := freeTypes[r.typ]; !free {
				se.Unpriced = append(se.Unpriced, Unpriced{Address: r.addr(), Reason: fmt.Sprintf("resource type %s is not in the cost catalog (add it to costestimate's catalog or free list)", r.typ)})
			}
			continue
		}
		table, ok := priceTables[r.region]
		if !ok {
			reason := fmt.Sprintf("no price table for region %q (tables: %s)", r.region, strings.Join(PricedRegions(), ", "))
			if r.region == "" {
				reason = "its provider has no region"
			}
			se.Unpriced = append(se.Unpriced, Unpriced{Address: r.addr(), Reason: reason})
			continue
		}
		p := &pricer{s: s, r: r, prices: table}
		if entry.fixed != nil {
			entry.fixed(p)
		}
		if p.unpriced != "" {
			se.Unpriced = append(se.Unpriced, Unpriced{Address: r.addr(), Reason: p.unpriced})
		}
		for _, it := range p.items {
			it.Address = r.addr()
			it.Region = r.region
			se.Fixed = append(se.Fixed, it)
			se.FixedMonthly += it.Monthly
			regions[r.region] = true
		}
		if entry.usage != nil {
			for _, key := range entry.usage(s, r) {
				uk := usageKeys[key]
				k := [2]string{key, r.region}
				line := usage[k]
				if line == nil {
					q, set := a[key]
					if uk.max > 0 && q > uk.max {
						q = uk.max
					}
					line = &UsageLine{Key: key, Region: r.region, Per: uk.Per, Unit: uk.Unit, UnitPrice: table[uk.price], Assumed: q, Set: set}
					usage[k] = line
				}
				line.Resources++
				regions[r.region] = true
			}
		}
	}
	for _, k := range sortedUsage(usage) {
		line := usage[k]
		line.Monthly = cents(float64(line.Resources) * line.Assumed * line.UnitPrice)
		se.UsageMonthly += line.Monthly
		se.Usage = append(se.Usage, *line)
	}
	for i := range se.Fixed {
		se.Fixed[i].Monthly = cents(se.Fixed[i].Monthly)
	}
	se.FixedMonthly = cents(se.FixedMonthly)
	se.UsageMonthly = cents(se.UsageMonthly)
	se.TopDrivers = topDrivers(se.Fixed)
	se.Regions = sortedKeys(regions)
	return se, nil
}

func sortedUsage(m map[[2]string]*UsageLine) [][2]string {
	out := make([][2]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	return out
}

// topDrivers groups items by driver and returns the topN dearest.
func topDrivers(items []Item) []Driver {
	by := map[string]*Driver{}
	for _, it := range items {
		d := by[it.Driver]
		if d == nil {
			d = &Driver{What: it.Driver}
			by[it.Driver] = d
		}
		d.Count++
		d.Monthly += it.Monthly
	}
	out := make([]Driver, 0, len(by))
	for _, d := range by {
		d.Monthly = cents(d.Monthly)
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Monthly != out[j].Monthly {
			return out[i].Monthly > out[j].Monthly
		}
		return out[i].What < out[j].What
	})
	if len(out) > topN {
		out = out[:topN]
	}
	return out
}

// cents rounds an amount to cents.
func cents(v float64) float64 { return math.Round(v*100) / 100 }
