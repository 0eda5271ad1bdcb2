package policycheck

import (
	"encoding/json"
	"io"
	"strings"
)

// SARIF 2.1.0, the format code-scanning tools read. Only the parts this
// report uses are modelled.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// outdirBase is the uriBaseId of the stack files: paths are relative
	// to the synth output directory (cdktf.out).
	outdirBase = "OUTDIR"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds"`
	Results            []sarifResult               `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	Help                 sarifText         `json:"help"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifRuleConfig struct {
	Level Severity `json:"level"`
}

type sarifRuleProperty struct {
	Tags          []string `json:"tags,omitempty"`
	ResourceTypes []string `json:"resourceTypes,omitempty"`
	Checkov       []string `json:"checkov,omitempty"`
	Trivy         []string `json:"trivy,omitempty"`
}

type sarifResult struct {
	RuleID       string              `json:"ruleId"`
	RuleIndex    int                 `json:"ruleIndex"`
	Level        Severity            `json:"level"`
	Message      sarifText           `json:"message"`
	Locations    []sarifLocation     `json:"locations"`
	Suppressions []sarifSuppression  `json:"suppressions,omitempty"`
	Properties   sarifResultProperty `json:"properties"`
}

// sarifResultProperty is a result's property bag; tags is the property
// SARIF 2.1.0 defines for bags (section 3.8.2), the rest are ours.
type sarifResultProperty struct {
	Stack   string   `json:"stack"`
	Address string   `json:"address"`
	Tags    []string `json:"tags,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI         string     `json:"uri,omitempty"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

// WriteSARIF writes the report as SARIF 2.1.0: one run, every rule of the
// pack, and one result per finding. Suppressed findings carry a
// suppression with its reason ("inSource" for construct suppressions,
// "external" for Options), so that code scanning shows them as such.
func (r *Report) WriteSARIF(w io.Writer) error {
	all := append(Rules(), metaRules...)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: toolName}},
		OriginalURIBaseIDs: map[string]sarifArtifactLoc{
			outdirBase: {Description: &sarifText{Text: "The synth output directory (cdktf.out by default)."}},
		},
		Results: []sarifResult{},
	}
	idx := map[string]int{}
	for i, rule := range all {
		idx[rule.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   rule.ID,
			Name:                 strings.ReplaceAll(rule.ID, "-", ""),
			ShortDescription:     sarifText{Text: rule.Description},
			Help:                 sarifText{Text: "Fix: " + rule.Fix},
			DefaultConfiguration: sarifRuleConfig{Level: rule.Severity},
			Properties: sarifRuleProperty{
				Tags:          append([]string{"security", "terraform", "aws"}, r.Controls[rule.ID]...),
				ResourceTypes: rule.Types,
				Checkov:       rule.Checkov,
				Trivy:         rule.Trivy,
			},
		})
	}
	for _, s := range r.Stacks {
		for _, f := range s.Findings {
			res := sarifResult{
				RuleID:    f.RuleID,
				RuleIndex: idx[f.RuleID],
				Level:     f.Severity,
				Message:   sarifText{Text: f.Message + ". Fix: " + f.Fix},
				Locations: []sarifLocation{{
					PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLoc{URI: s.File, URIBaseID: outdirBase}},
					LogicalLocations: []sarifLogical{{Name: f.Address, FullyQualifiedName: f.Path, Kind: "resource"}},
				}},
				Properties: sarifResultProperty{Stack: f.Stack, Address: f.Address, Tags: r.Controls[f.RuleID]},
			}
			if f.Line > 0 {
				res.Locations[0].PhysicalLocation.Region = &sarifRegion{StartLine: f.Line}
			}
			if f.Suppressed {
				kind := "inSource"
				if f.SuppressedBy == sourceOptions {
					kind = "external"
				}
				res.Suppressions = []sarifSuppression{{Kind: kind, Justification: f.Reason}}
			}
			run.Results = append(run.Results, res)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}
