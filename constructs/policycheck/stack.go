package policycheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// stack is one parsed stack: its resources and data sources, indexed.
type stack struct {
	name      string
	resources []*resource // sorted by address
	byType    map[string][]*resource
	byAddr    map[string]*resource // resources and data sources
	// data holds the data sources: type, then name, then arguments.
	data map[string]map[string]map[string]any
	// dataSources are the same data sources as resources of type
	// data.<type>, sorted by address, for the rules that look at every
	// block of the stack (anyType).
	dataSources []*resource
}

// anyType in a rule's Types makes the rule look at every resource and
// every data source of the stack.
const anyType = "*"

// ofType returns the resources of type typ; anyType returns every resource
// and then every data source.
func (s *stack) ofType(typ string) []*resource {
	if typ == anyType {
		return s.all()
	}
	return s.byType[typ]
}

// all returns every resource and then every data source.
func (s *stack) all() []*resource {
	return append(s.resources[:len(s.resources):len(s.resources)], s.dataSources...)
}

// resource is one resource of a stack.
type resource struct {
	typ, name string
	attrs     map[string]any
	// path is the construct path, or the address without metadata.
	path string
	line int
	// suppressions are the ones the construct put in "//".
	suppressions []constructSuppression
}

// constructSuppression is one entry of a resource's "//".suppressions.
type constructSuppression struct {
	ruleID, reason string
}

func (r *resource) addr() string { return r.typ + "." + r.name }

// parseStack reads a stack's Terraform JSON in one pass. Resources are at
// resource.<type>.<name>; CDKTF puts the construct path at
// "//".metadata.path and suppressions at "//".suppressions.
func parseStack(name string, tfJSON []byte) (*stack, error) {
	s := &stack{
		name:   name,
		byType: map[string][]*resource{},
		byAddr: map[string]*resource{},
		data:   map[string]map[string]map[string]any{},
	}
	d := newDecoder(tfJSON)
	err := d.object("the document", func(key string) error {
		switch key {
		case "resource":
			return d.object("resource", func(typ string) error {
				return d.object("resource."+typ, func(rname string) error {
					line := d.line()
					var attrs map[string]any
					if err := d.dec.Decode(&attrs); err != nil || attrs == nil {
						return fmt.Errorf("resource.%s.%s is not an object", typ, rname)
					}
					s.resources = append(s.resources, newResource(typ, rname, attrs, line))
					return nil
				})
			})
		case "data":
			// Read like resources, for the line of each data source; a
			// data source that is not an object is left to Terraform.
			return d.object("data", func(typ string) error {
				return d.object("data."+typ, func(dname string) error {
					line := d.line()
					var v any
					if err := d.dec.Decode(&v); err != nil {
						return fmt.Errorf("data.%s.%s: %w", typ, dname, err)
					}
					attrs, ok := v.(map[string]any)
					if !ok {
						return nil
					}
					if s.data[typ] == nil {
						s.data[typ] = map[string]map[string]any{}
					}
					s.data[typ][dname] = attrs
					s.dataSources = append(s.dataSources, newResource("data."+typ, dname, attrs, line))
					return nil
				})
			})
		}
		var skip json.RawMessage
		return d.dec.Decode(&skip)
	})
	if err != nil {
		return nil, fmt.Errorf("policycheck: stack %s: %w", name, err)
	}
	sort.Slice(s.resources, func(i, j int) bool { return s.resources[i].addr() < s.resources[j].addr() })
	sort.Slice(s.dataSources, func(i, j int) bool { return s.dataSources[i].addr() < s.dataSources[j].addr() })
	for _, r := range s.resources {
		s.byType[r.typ] = append(s.byType[r.typ], r)
		s.byAddr[r.addr()] = r
	}
	for _, d := range s.dataSources {
		s.byAddr[d.addr()] = d
	}
	return s, nil
}

func newResource(typ, name string, attrs map[string]any, line int) *resource {
	r := &resource{typ: typ, name: name, attrs: attrs, line: line}
	r.path = r.addr()
	meta, _ := attrs["//"].(map[string]any)
	if md, ok := meta["metadata"].(map[string]any); ok {
		if p, ok := md["path"].(string); ok && p != "" {
			r.path = p
		}
	}
	if sup, ok := meta["suppressions"].(map[string]any); ok {
		for id, reason := range sup {
			text, _ := reason.(string)
			r.suppressions = append(r.suppressions, constructSuppression{ruleID: id, reason: text})
		}
		sort.Slice(r.suppressions, func(i, j int) bool { return r.suppressions[i].ruleID < r.suppressions[j].ruleID })
	}
	return r
}

// decoder walks a JSON document and knows the line it is at, for SARIF
// regions.
type decoder struct {
	dec    *json.Decoder
	starts []int64 // offsets at which lines start
}

func newDecoder(data []byte) *decoder {
	d := &decoder{dec: json.NewDecoder(bytes.NewReader(data)), starts: []int64{0}}
	for i, b := range data {
		if b == '\n' {
			d.starts = append(d.starts, int64(i+1))
		}
	}
	return d
}

// line is the 1-based line of the last token read.
func (d *decoder) line() int {
	off := d.dec.InputOffset()
	return sort.Search(len(d.starts), func(i int) bool { return d.starts[i] > off })
}

// object reads an object, calling fn after each key; fn must read the
// key's value.
func (d *decoder) object(what string, fn func(key string) error) error {
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("%s is not an object", what)
	}
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if err := fn(key); err != nil {
			return err
		}
	}
	_, err = d.dec.Token()
	return err
}
