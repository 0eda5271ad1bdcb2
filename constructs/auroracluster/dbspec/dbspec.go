// Package dbspec holds the rules for PostgreSQL databases on Amazon Aurora
// and Amazon RDS: engine versions, instance classes, user names, windows,
// retention periods and capacity limits, as plain Go.
//
// The auroracluster and rdsinstance constructs and the organization model
// all check their input here, so a file and a program get the same answer,
// and none of them has to load the AWS provider to get it. Errors describe
// the value's problem and what is allowed; callers prefix the field that
// held it.
package dbspec

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Engine is the RDS engine of Aurora PostgreSQL clusters.
const Engine = "aurora-postgresql"

// RDSEngine is the engine of RDS for PostgreSQL instances.
const RDSEngine = "postgres"

// DefaultEngineVersion is Aurora PostgreSQL 17.7, the long-term-support
// (LTS) minor of major version 17. AWS keeps an LTS minor for at least three
// years from its release (late 2025) and patches it with critical fixes
// without changing its version number, while other minors retire after about
// a year; PostgreSQL 17 itself is in standard support until 2030. That makes
// it the newest version that stays current through 2026 and beyond without
// an upgrade forced by AWS.
const DefaultEngineVersion = "17.7"

// DefaultRDSEngineVersion is RDS for PostgreSQL 17 without a minor. RDS has
// no long-term-support minors: it retires each minor about a year after its
// release and upgrades the instances still on it, so a pinned minor ends in
// a plan that tries to downgrade. A major alone lets RDS apply minor
// upgrades in the maintenance window, which the provider does not report as
// a change.
const DefaultRDSEngineVersion = "17"

// DefaultMasterUsername is the master user's name. It is neither admin nor
// postgres, the first names anyone guessing tries and scanners flag.
const DefaultMasterUsername = "dbmaster"

// DefaultPort is PostgreSQL's port.
const DefaultPort = 5432

// ServerlessInstanceClass is the instance class of Serverless v2 instances.
const ServerlessInstanceClass = "db.serverless"

// MaxReaders is the most Aurora Replicas a cluster can have.
const MaxReaders = 15

// MinProductionBackupDays is the shortest backup retention production
// clusters may have: a week, so that a problem found after a weekend can
// still be rolled back.
const MinProductionBackupDays = 7

// engineRules are what one engine supports: its majors in standard support,
// each with the oldest minor AWS still runs. Older minors are refused here
// rather than by AWS halfway through an apply. Add a major when AWS
// releases it.
type engineRules struct {
	engine, title string
	floors        map[int]int
	// floorReason says why minors below the floor are refused.
	floorReason string
	example     string
}

var (
	aurora = engineRules{
		engine: Engine, title: "Aurora PostgreSQL",
		floors:      map[int]int{14: 6, 15: 10, 16: 8, 17: 7},
		floorReason: "its long-term-support minor",
		example:     DefaultEngineVersion,
	}
	// RDS retired the minors below these in 2026 (17.1-17.4, 16.5-16.8,
	// 15.9-15.12 and 14.14-14.17 went in May).
	rds = engineRules{
		engine: RDSEngine, title: "RDS for PostgreSQL",
		floors:      map[int]int{14: 18, 15: 13, 16: 9, 17: 5},
		floorReason: "the oldest minor RDS still runs",
		example:     "17.7",
	}
)

// EngineVersion is a parsed PostgreSQL version of one engine: a major
// version alone ("17"), which follows AWS's minor upgrades, or a pinned
// minor ("17.7").
type EngineVersion struct {
	// Engine is Engine or RDSEngine.
	Engine       string
	Major, Minor int
	// Pinned says a minor was given. A pinned database must not upgrade
	// its minor automatically: the next plan would try to downgrade it.
	Pinned bool
}

var versionRE = regexp.MustCompile(`^([0-9]{1,3})(?:\.([0-9]{1,3}))?$`)

// ParseEngineVersion parses an Aurora PostgreSQL version, "17" or "17.7",
// and checks that AWS supports it.
func ParseEngineVersion(s string) (EngineVersion, error) { return aurora.parse(s) }

// ParseRDSEngineVersion parses an RDS for PostgreSQL version, "17" or
// "17.7", and checks that AWS supports it.
func ParseRDSEngineVersion(s string) (EngineVersion, error) { return rds.parse(s) }

func (e engineRules) parse(s string) (EngineVersion, error) {
	m := versionRE.FindStringSubmatch(s)
	if m == nil {
		return EngineVersion{}, fmt.Errorf("not an %s version: use a major version such as \"17\" or a major and minor such as %q", e.title, e.example)
	}
	v := EngineVersion{Engine: e.engine}
	v.Major, _ = strconv.Atoi(m[1])
	floor, ok := e.floors[v.Major]
	if !ok {
		return EngineVersion{}, fmt.Errorf("%s %d is not in standard support; supported majors: %s", e.title, v.Major, supportedMajors(e.floors))
	}
	if m[2] != "" {
		v.Minor, _ = strconv.Atoi(m[2])
		v.Pinned = true
		if v.Minor < floor {
			return EngineVersion{}, fmt.Errorf("minors of %s %d before %d.%d (%s) are retired; use %d.%d or later", e.title, v.Major, v.Major, floor, e.floorReason, v.Major, floor)
		}
	}
	return v, nil
}

func supportedMajors(floors map[int]int) string {
	var ms []string
	for m := range floors {
		ms = append(ms, strconv.Itoa(m))
	}
	slices.Sort(ms)
	return strings.Join(ms, ", ")
}

// String is the version as RDS takes it.
func (v EngineVersion) String() string {
	if !v.Pinned {
		return strconv.Itoa(v.Major)
	}
	return fmt.Sprintf("%d.%d", v.Major, v.Minor)
}

// ParameterGroupFamily is the family of parameter groups for the version,
// such as aurora-postgresql17 or postgres17.
func (v EngineVersion) ParameterGroupFamily() string {
	return v.Engine + strconv.Itoa(v.Major)
}

var instanceClassRE = regexp.MustCompile(`^db\.[a-z0-9]+\.[a-z0-9]+$`)

// CheckInstanceClass checks an instance class such as db.r7g.large or
// db.serverless. Burstable classes (db.t*) run out of CPU credits under
// sustained load, which AWS advises against for production Aurora.
func CheckInstanceClass(class string, production bool) error {
	switch {
	case class == ServerlessInstanceClass:
		return nil
	case !instanceClassRE.MatchString(class):
		return fmt.Errorf("not an RDS instance class: use a class such as db.r7g.large, or %s", ServerlessInstanceClass)
	case production && strings.HasPrefix(class, "db.t"):
		return fmt.Errorf("burstable classes (db.t*) run out of CPU credits under sustained load; production clusters use db.r* or db.x* classes, or %s", ServerlessInstanceClass)
	}
	return nil
}

var identifierRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// reservedUsers are names RDS reserves or that every scanner and password
// sprayer tries first.
var reservedUsers = []string{"admin", "administrator", "master", "postgres", "rdsadmin", "rdsrepladmin", "rdssuperuser", "rdstopmgr", "root", "sa", "superuser", "user"}

// CheckUserName checks the form of a database user's name.
func CheckUserName(name string) error {
	if !identifierRE.MatchString(name) {
		return fmt.Errorf("must be 1-63 lowercase letters, digits and underscores, starting with a letter")
	}
	return nil
}

// CheckMasterUsername checks the master user's name.
func CheckMasterUsername(name string) error {
	if err := CheckUserName(name); err != nil {
		return err
	}
	if slices.Contains(reservedUsers, name) || strings.HasPrefix(name, "pg_") || strings.HasPrefix(name, "rds_") {
		return fmt.Errorf("is a default or reserved name that scanners flag and attackers try first; pick another, such as %q", DefaultMasterUsername)
	}
	return nil
}

// CheckDatabaseName checks the name of the initial database.
func CheckDatabaseName(name string) error {
	if !identifierRE.MatchString(name) {
		return fmt.Errorf("must be 1-63 lowercase letters, digits and underscores, starting with a letter")
	}
	if slices.Contains([]string{"postgres", "rdsadmin", "template0", "template1"}, name) {
		return fmt.Errorf("is a database every PostgreSQL cluster already has, or RDS reserves")
	}
	return nil
}

// CheckPort checks the port the cluster listens on.
func CheckPort(port int) error {
	if port < 1150 || port > 65535 {
		return fmt.Errorf("RDS accepts ports 1150-65535")
	}
	return nil
}

// CheckBackupRetention checks the days automated backups are kept.
func CheckBackupRetention(days int, production bool) error {
	switch {
	case days < 1 || days > 35:
		return fmt.Errorf("Aurora keeps automated backups 1-35 days")
	case production && days < MinProductionBackupDays:
		return fmt.Errorf("must be at least %d in production", MinProductionBackupDays)
	}
	return nil
}

// CheckPerformanceInsightsRetention checks the days Performance Insights
// keeps its data: 7 (the free tier), a multiple of 31 up to 23 months, or
// 731 (two years).
func CheckPerformanceInsightsRetention(days int) error {
	if days == 7 || days == 731 || (days%31 == 0 && days >= 31 && days <= 23*31) {
		return nil
	}
	return fmt.Errorf("Performance Insights keeps data 7 days, a whole number of 31-day months (31-713), or 731 days")
}

// CheckMonitoringInterval checks the enhanced monitoring interval.
func CheckMonitoringInterval(seconds int) error {
	if !slices.Contains([]int{1, 5, 10, 15, 30, 60}, seconds) {
		return fmt.Errorf("enhanced monitoring samples every 1, 5, 10, 15, 30 or 60 seconds")
	}
	return nil
}

// CheckServerlessV2 checks a Serverless v2 capacity range in Aurora
// capacity units (ACUs). A minimum of 0 lets the cluster pause when idle,
// which makes the first connection after a pause wait: not for production.
func CheckServerlessV2(minACU, maxACU float64, production bool) error {
	// NaN is not a half step either: v == v fails for it.
	half := func(v float64) bool { return v == math.Trunc(v*2)/2 }
	switch {
	case minACU < 0 || minACU > 256 || !half(minACU):
		return fmt.Errorf("minimum %g ACU: must be 0-256 in steps of 0.5", minACU)
	case maxACU < 1 || maxACU > 256 || !half(maxACU):
		return fmt.Errorf("maximum %g ACU: must be 1-256 in steps of 0.5", maxACU)
	case maxACU < minACU:
		return fmt.Errorf("maximum %g ACU is below the minimum %g ACU", maxACU, minACU)
	case production && minACU == 0:
		return fmt.Errorf("minimum 0 ACU pauses the database when idle and delays the next connection; production clusters keep at least 0.5 ACU")
	}
	return nil
}

// ReaderScaling is how many Aurora Replicas a cluster has: Readers made
// with the cluster, and the range Application Auto Scaling moves within.
type ReaderScaling struct {
	Readers int
	// Autoscaling turns reader autoscaling on; Min, Max and TargetCPU
	// only matter then.
	Autoscaling bool
	Min, Max    int
	TargetCPU   float64
}

// ScalingField names the value of a ReaderScaling that is wrong.
type ScalingField int

// The values of a ReaderScaling.
const (
	ScalingReaders ScalingField = iota
	ScalingMin
	ScalingMax
	ScalingTargetCPU
)

// ScalingError is a problem with one value of a ReaderScaling. Its message
// does not repeat the value, which the caller prints with its field name.
type ScalingError struct {
	Field ScalingField
	Err   error
}

func (e *ScalingError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying problem.
func (e *ScalingError) Unwrap() error { return e.Err }

// Check checks the reader count and the autoscaling range; the error is a
// *ScalingError.
//
// Application Auto Scaling counts every reader of the cluster, including
// the ones made with it, but removes only replicas it added itself. So a
// minimum of at least one keeps scaling from ever asking for fewer readers
// than the cluster was made with (the mistake that removes the last reader,
// or tries to, in other libraries), a minimum above the readers made with
// the cluster would make it add replicas the moment it starts, and a
// maximum below them could never be reached.
func (r ReaderScaling) Check(production bool) error {
	fail := func(f ScalingField, format string, args ...any) error {
		return &ScalingError{Field: f, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case r.Readers < 0 || r.Readers > MaxReaders:
		return fail(ScalingReaders, "a cluster has 0-%d Aurora Replicas", MaxReaders)
	case production && r.Readers == 0:
		return fail(ScalingReaders, "production clusters keep at least one reader to fail over to")
	case !r.Autoscaling:
		return nil
	case r.Readers == 0:
		return fail(ScalingReaders, "reader autoscaling needs at least one reader, so that its minimum of one never leaves the cluster without a reader; add a reader or turn reader autoscaling off")
	case r.Min < 1:
		return fail(ScalingMin, "the autoscaling minimum must be at least 1")
	case r.Min > r.Readers:
		return fail(ScalingMin, "above the %d readers made with the cluster, so scaling would add replicas as soon as it starts; use 1-%d", r.Readers, r.Readers)
	case r.Max < r.Min:
		return fail(ScalingMax, "the autoscaling maximum is below the minimum %d", r.Min)
	case r.Max < r.Readers:
		return fail(ScalingMax, "the autoscaling maximum is below the %d readers made with the cluster, which scaling never removes", r.Readers)
	case r.Max > MaxReaders:
		return fail(ScalingMax, "a cluster has at most %d Aurora Replicas", MaxReaders)
	case !(r.TargetCPU >= 10 && r.TargetCPU <= 90): // also refuses NaN
		return fail(ScalingTargetCPU, "the autoscaling target is a CPU percentage of 10-90")
	}
	return nil
}

// DefaultMaxReaders is the autoscaling maximum when none is given: two
// replicas beyond the readers made with the cluster, within Aurora's limit.
func DefaultMaxReaders(readers int) int {
	return min(readers+2, MaxReaders)
}

// MaxStorageGiB is the largest gp3 volume RDS for PostgreSQL takes.
const MaxStorageGiB = 65536

// CheckStorage checks an RDS instance's gp3 storage and the ceiling storage
// autoscaling grows it to, which RDS wants at least 10% above the
// allocation.
func CheckStorage(allocatedGiB, maxGiB int) error {
	switch {
	case allocatedGiB < 20 || allocatedGiB > MaxStorageGiB:
		return fmt.Errorf("allocated storage %d GiB: gp3 volumes are 20-%d GiB", allocatedGiB, MaxStorageGiB)
	case maxGiB > MaxStorageGiB:
		return fmt.Errorf("maximum storage %d GiB: gp3 volumes grow to %d GiB at most", maxGiB, MaxStorageGiB)
	case maxGiB*10 < allocatedGiB*11:
		return fmt.Errorf("maximum storage %d GiB: storage autoscaling needs a ceiling at least 10%% above the %d GiB allocated", maxGiB, allocatedGiB)
	}
	return nil
}
