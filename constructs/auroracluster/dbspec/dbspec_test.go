package dbspec

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseEngineVersion(t *testing.T) {
	tests := []struct {
		in      string
		want    EngineVersion
		family  string
		wantErr string
	}{
		{in: "17.7", want: EngineVersion{Engine: Engine, Major: 17, Minor: 7, Pinned: true}, family: "aurora-postgresql17"},
		{in: "17", want: EngineVersion{Engine: Engine, Major: 17}, family: "aurora-postgresql17"},
		{in: "16.11", want: EngineVersion{Engine: Engine, Major: 16, Minor: 11, Pinned: true}, family: "aurora-postgresql16"},
		{in: "14.6", want: EngineVersion{Engine: Engine, Major: 14, Minor: 6, Pinned: true}, family: "aurora-postgresql14"},
		{in: "15.4", wantErr: "minors of Aurora PostgreSQL 15 before 15.10 (its long-term-support minor) are retired"},
		{in: "13.12", wantErr: "Aurora PostgreSQL 13 is not in standard support; supported majors: 14, 15, 16, 17"},
		{in: "17.x", wantErr: "not an Aurora PostgreSQL version"},
		{in: "v17.7", wantErr: "not an Aurora PostgreSQL version"},
		{in: "17.7.1", wantErr: "not an Aurora PostgreSQL version"},
		{in: "", wantErr: "not an Aurora PostgreSQL version"},
		{in: "5.7.mysql_aurora.2.11.2", wantErr: "not an Aurora PostgreSQL version"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseEngineVersion(tt.in)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, got.String())
			assert.Equal(t, tt.family, got.ParameterGroupFamily())
		})
	}
}

func TestParseRDSEngineVersion(t *testing.T) {
	v, err := ParseRDSEngineVersion(DefaultRDSEngineVersion)
	require.NoError(t, err)
	assert.Equal(t, EngineVersion{Engine: RDSEngine, Major: 17}, v)
	assert.Equal(t, "postgres17", v.ParameterGroupFamily())

	v, err = ParseRDSEngineVersion("16.11")
	require.NoError(t, err)
	assert.Equal(t, EngineVersion{Engine: RDSEngine, Major: 16, Minor: 11, Pinned: true}, v)

	_, err = ParseRDSEngineVersion("15.4")
	assert.ErrorContains(t, err, "minors of RDS for PostgreSQL 15 before 15.13 (the oldest minor RDS still runs) are retired")
	_, err = ParseRDSEngineVersion("12")
	assert.ErrorContains(t, err, "RDS for PostgreSQL 12 is not in standard support")
	_, err = ParseRDSEngineVersion("17.7-R1")
	assert.ErrorContains(t, err, "not an RDS for PostgreSQL version")
}

func TestDefaultEngineVersionIsValid(t *testing.T) {
	v, err := ParseEngineVersion(DefaultEngineVersion)
	require.NoError(t, err)
	assert.True(t, v.Pinned)
}

func TestCheckInstanceClass(t *testing.T) {
	tests := []struct {
		class      string
		production bool
		wantErr    string
	}{
		{class: "db.r7g.large"},
		{class: "db.r6i.12xlarge", production: true},
		{class: "db.x2g.16xlarge", production: true},
		{class: "db.serverless", production: true},
		{class: "db.t4g.medium"},
		{class: "db.t4g.medium", production: true, wantErr: "burstable classes"},
		{class: "r7g.large", wantErr: "not an RDS instance class"},
		{class: "db.R7G.large", wantErr: "not an RDS instance class"},
		{class: "", wantErr: "not an RDS instance class"},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			err := CheckInstanceClass(tt.class, tt.production)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestCheckMasterUsername(t *testing.T) {
	for _, ok := range []string{DefaultMasterUsername, "app_owner", "a"} {
		assert.NoError(t, CheckMasterUsername(ok), ok)
	}
	for name, want := range map[string]string{
		"admin":    "default or reserved name",
		"postgres": "default or reserved name",
		"root":     "default or reserved name",
		"rds_x":    "default or reserved name",
		"pg_owner": "default or reserved name",
		"Admin":    "lowercase letters",
		"1user":    "starting with a letter",
		"db-owner": "lowercase letters, digits and underscores",
		"":         "1-63",
		"a123456789012345678901234567890123456789012345678901234567890123": "1-63",
	} {
		err := CheckMasterUsername(name)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), want, name)
	}
}

func TestCheckDatabaseName(t *testing.T) {
	assert.NoError(t, CheckDatabaseName("orders"))
	assert.ErrorContains(t, CheckDatabaseName("postgres"), "already has")
	assert.ErrorContains(t, CheckDatabaseName("template1"), "already has")
	assert.ErrorContains(t, CheckDatabaseName("Orders"), "lowercase")
}

func TestCheckPort(t *testing.T) {
	assert.NoError(t, CheckPort(DefaultPort))
	assert.ErrorContains(t, CheckPort(80), "1150-65535")
	assert.ErrorContains(t, CheckPort(70000), "1150-65535")
}

func TestCheckBackupRetention(t *testing.T) {
	tests := []struct {
		days       int
		production bool
		wantErr    string
	}{
		{days: 7, production: true},
		{days: 35, production: true},
		{days: 1},
		{days: 3, production: true, wantErr: "must be at least 7 in production"},
		{days: 6, production: true, wantErr: "must be at least 7 in production"},
		{days: 0, wantErr: "1-35 days"},
		{days: 36, wantErr: "1-35 days"},
	}
	for _, tt := range tests {
		err := CheckBackupRetention(tt.days, tt.production)
		if tt.wantErr == "" {
			assert.NoError(t, err, tt.days)
			continue
		}
		assert.ErrorContains(t, err, tt.wantErr, tt.days)
	}
}

func TestCheckPerformanceInsightsRetention(t *testing.T) {
	for _, ok := range []int{7, 31, 93, 341, 589, 713, 731} {
		assert.NoError(t, CheckPerformanceInsightsRetention(ok), ok)
	}
	for _, bad := range []int{0, 1, 8, 30, 94, 744, 732, -31} {
		assert.ErrorContains(t, CheckPerformanceInsightsRetention(bad), "7 days, a whole number of 31-day months", bad)
	}
}

func TestCheckMonitoringInterval(t *testing.T) {
	for _, ok := range []int{1, 5, 10, 15, 30, 60} {
		assert.NoError(t, CheckMonitoringInterval(ok), ok)
	}
	for _, bad := range []int{0, 2, 45, 120} {
		assert.Error(t, CheckMonitoringInterval(bad), bad)
	}
}

func TestCheckServerlessV2(t *testing.T) {
	tests := []struct {
		name       string
		min, max   float64
		production bool
		wantErr    string
	}{
		{name: "small", min: 0.5, max: 4},
		{name: "pausing dev", min: 0, max: 2},
		{name: "large production", min: 2, max: 256, production: true},
		{name: "pausing production", min: 0, max: 8, production: true, wantErr: "production clusters keep at least 0.5 ACU"},
		{name: "max below min", min: 8, max: 4, wantErr: "maximum 4 ACU is below the minimum 8 ACU"},
		{name: "quarter step", min: 0.25, max: 4, wantErr: "minimum 0.25 ACU: must be 0-256 in steps of 0.5"},
		{name: "max zero", min: 0, max: 0, wantErr: "maximum 0 ACU: must be 1-256"},
		{name: "too large", min: 1, max: 512, wantErr: "maximum 512 ACU: must be 1-256"},
		{name: "negative", min: -1, max: 4, wantErr: "minimum -1 ACU"},
		{name: "not a number", min: math.NaN(), max: 4, wantErr: "minimum NaN ACU"},
		{name: "infinite", min: 1, max: math.Inf(1), wantErr: "maximum +Inf ACU"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckServerlessV2(tt.min, tt.max, tt.production)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestReaderScaling(t *testing.T) {
	tests := []struct {
		name       string
		r          ReaderScaling
		production bool
		field      ScalingField
		wantErr    string
	}{
		{name: "one reader scaling to three", r: ReaderScaling{Readers: 1, Autoscaling: true, Min: 1, Max: 3, TargetCPU: 70}},
		{name: "two readers production", r: ReaderScaling{Readers: 2, Autoscaling: true, Min: 2, Max: 5, TargetCPU: 70}, production: true},
		{name: "min below readers", r: ReaderScaling{Readers: 3, Autoscaling: true, Min: 1, Max: 3, TargetCPU: 70}},
		{name: "writer only without autoscaling", r: ReaderScaling{}},
		{name: "zero readers with autoscaling", r: ReaderScaling{Autoscaling: true, Min: 1, Max: 3, TargetCPU: 70}, field: ScalingReaders, wantErr: "reader autoscaling needs at least one reader"},
		{name: "zero readers in production", r: ReaderScaling{}, production: true, field: ScalingReaders, wantErr: "production clusters keep at least one reader"},
		{name: "too many readers", r: ReaderScaling{Readers: 16}, field: ScalingReaders, wantErr: "a cluster has 0-15"},
		{name: "negative readers", r: ReaderScaling{Readers: -1}, field: ScalingReaders, wantErr: "a cluster has 0-15"},
		{name: "min zero", r: ReaderScaling{Readers: 1, Autoscaling: true, Min: 0, Max: 3, TargetCPU: 70}, field: ScalingMin, wantErr: "minimum must be at least 1"},
		{name: "min above readers", r: ReaderScaling{Readers: 1, Autoscaling: true, Min: 2, Max: 3, TargetCPU: 70}, field: ScalingMin, wantErr: "above the 1 readers"},
		{name: "max below min", r: ReaderScaling{Readers: 2, Autoscaling: true, Min: 2, Max: 1, TargetCPU: 70}, field: ScalingMax, wantErr: "below the minimum 2"},
		{name: "max below readers", r: ReaderScaling{Readers: 3, Autoscaling: true, Min: 1, Max: 2, TargetCPU: 70}, field: ScalingMax, wantErr: "below the 3 readers"},
		{name: "max above limit", r: ReaderScaling{Readers: 2, Autoscaling: true, Min: 2, Max: 16, TargetCPU: 70}, field: ScalingMax, wantErr: "at most 15"},
		{name: "target too high", r: ReaderScaling{Readers: 1, Autoscaling: true, Min: 1, Max: 2, TargetCPU: 95}, field: ScalingTargetCPU, wantErr: "CPU percentage of 10-90"},
		{name: "target NaN", r: ReaderScaling{Readers: 1, Autoscaling: true, Min: 1, Max: 2, TargetCPU: math.NaN()}, field: ScalingTargetCPU, wantErr: "CPU percentage of 10-90"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Check(tt.production)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
			var se *ScalingError
			require.True(t, errors.As(err, &se))
			assert.Equal(t, tt.field, se.Field)
		})
	}
}

func TestDefaultMaxReaders(t *testing.T) {
	assert.Equal(t, 3, DefaultMaxReaders(1))
	assert.Equal(t, 15, DefaultMaxReaders(14))
	assert.Equal(t, 15, DefaultMaxReaders(15))
}

func TestCheckWindows(t *testing.T) {
	tests := []struct {
		name                string
		backup, maintenance string
		wantErr             string
		maintenanceAtFault  bool
	}{
		{name: "defaults", backup: DefaultBackupWindow, maintenance: DefaultMaintenanceWindow},
		{name: "upper case days", backup: "03:00-04:00", maintenance: "Sun:05:00-Sun:06:00"},
		{name: "backup wraps midnight", backup: "23:30-00:30", maintenance: "mon:01:00-mon:02:00"},
		{name: "maintenance wraps the week", backup: "03:00-04:00", maintenance: "sun:23:00-mon:00:30"},
		{name: "touching is not overlapping", backup: "03:00-04:00", maintenance: "wed:04:00-wed:04:30"},
		{name: "overlap", backup: "03:00-04:00", maintenance: "wed:03:30-wed:04:30", wantErr: "overlaps the daily backup window 03:00-04:00", maintenanceAtFault: true},
		{name: "overlap across midnight", backup: "23:30-00:30", maintenance: "sat:00:00-sat:01:00", wantErr: "overlaps", maintenanceAtFault: true},
		{name: "maintenance spanning days covers backup", backup: "03:00-04:00", maintenance: "mon:22:00-tue:05:00", wantErr: "overlaps", maintenanceAtFault: true},
		{name: "short backup", backup: "03:00-03:15", maintenance: DefaultMaintenanceWindow, wantErr: "at least 30 minutes"},
		{name: "bad backup", backup: "3am-4am", maintenance: DefaultMaintenanceWindow, wantErr: "use hh:mm-hh:mm"},
		{name: "bad hour", backup: "25:00-26:00", maintenance: DefaultMaintenanceWindow, wantErr: "not a time of day"},
		{name: "bad day", backup: DefaultBackupWindow, maintenance: "sun:04:30-xyz:05:30", wantErr: "days are mon", maintenanceAtFault: true},
		{name: "short maintenance", backup: DefaultBackupWindow, maintenance: "sun:04:30-sun:04:40", wantErr: "at least 30 minutes", maintenanceAtFault: true},
		{name: "bad maintenance", backup: DefaultBackupWindow, maintenance: "04:30-05:30", wantErr: "use ddd:hh:mm-ddd:hh:mm", maintenanceAtFault: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckWindows(tt.backup, tt.maintenance)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
			var we *WindowError
			require.True(t, errors.As(err, &we))
			assert.Equal(t, tt.maintenanceAtFault, we.Maintenance)
		})
	}
}

func TestCheckStorage(t *testing.T) {
	assert.NoError(t, CheckStorage(100, 1000))
	assert.NoError(t, CheckStorage(100, 110))
	assert.ErrorContains(t, CheckStorage(100, 109), "at least 10% above the 100 GiB allocated")
	assert.ErrorContains(t, CheckStorage(10, 100), "allocated storage 10 GiB: gp3 volumes are 20-65536 GiB")
	assert.ErrorContains(t, CheckStorage(100, 70000), "maximum storage 70000 GiB")
}
