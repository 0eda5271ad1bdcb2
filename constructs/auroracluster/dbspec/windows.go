package dbspec

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Default windows, in UTC: backups at night in the Americas and early
// morning in Europe, maintenance right after them on Sunday, when most
// business traffic is lowest.
const (
	DefaultBackupWindow      = "03:00-04:00"
	DefaultMaintenanceWindow = "sun:04:30-sun:05:30"
)

const (
	minutesPerDay  = 24 * 60
	minutesPerWeek = 7 * minutesPerDay
	// minWindow is the shortest backup or maintenance window RDS accepts.
	minWindow = 30
)

var (
	days          = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	backupRE      = regexp.MustCompile(`^([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})$`)
	maintenanceRE = regexp.MustCompile(`^([a-z]{3}):([0-9]{2}):([0-9]{2})-([a-z]{3}):([0-9]{2}):([0-9]{2})$`)
)

// window is a half-open range of minutes on a circle of period minutes (a
// day or a week), which may wrap past the end.
type window struct{ start, end, period int }

func (w window) length() int { return ((w.end-w.start)%w.period + w.period) % w.period }

// overlapsDaily reports whether the weekly window w shares a minute with the
// daily window on any day.
func (w window) overlapsDaily(daily window) bool {
	for d := 0; d < 7; d++ {
		other := window{start: d*minutesPerDay + daily.start, end: d*minutesPerDay + daily.start + daily.length(), period: minutesPerWeek}
		if w.contains(other.start) || other.contains(w.start) {
			return true
		}
	}
	return false
}

// contains reports whether minute m (on the week circle) is in w.
func (w window) contains(m int) bool {
	return ((m-w.start)%w.period+w.period)%w.period < w.length()
}

func clock(hh, mm string) (int, error) {
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	if h > 23 || m > 59 {
		return 0, fmt.Errorf("%s:%s is not a time of day", hh, mm)
	}
	return h*60 + m, nil
}

func parseBackup(s string) (window, error) {
	m := backupRE.FindStringSubmatch(s)
	if m == nil {
		return window{}, fmt.Errorf("use hh:mm-hh:mm in UTC, such as %q", DefaultBackupWindow)
	}
	start, err := clock(m[1], m[2])
	if err != nil {
		return window{}, err
	}
	end, err := clock(m[3], m[4])
	if err != nil {
		return window{}, err
	}
	w := window{start: start, end: end, period: minutesPerDay}
	if w.length() < minWindow {
		return window{}, fmt.Errorf("must last at least %d minutes", minWindow)
	}
	return w, nil
}

func parseMaintenance(s string) (window, error) {
	m := maintenanceRE.FindStringSubmatch(strings.ToLower(s))
	if m == nil {
		return window{}, fmt.Errorf("use ddd:hh:mm-ddd:hh:mm in UTC, such as %q", DefaultMaintenanceWindow)
	}
	startDay, endDay := slices.Index(days, m[1]), slices.Index(days, m[4])
	if startDay < 0 || endDay < 0 {
		return window{}, fmt.Errorf("days are %s", strings.Join(days, ", "))
	}
	start, err := clock(m[2], m[3])
	if err != nil {
		return window{}, err
	}
	end, err := clock(m[5], m[6])
	if err != nil {
		return window{}, err
	}
	w := window{start: startDay*minutesPerDay + start, end: endDay*minutesPerDay + end, period: minutesPerWeek}
	if w.length() < minWindow {
		return window{}, fmt.Errorf("must last at least %d minutes", minWindow)
	}
	return w, nil
}

// WindowError says which of the two windows is wrong.
type WindowError struct {
	// Maintenance is true when the maintenance window is at fault.
	Maintenance bool
	Err         error
}

func (e *WindowError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying problem.
func (e *WindowError) Unwrap() error { return e.Err }

// CheckWindows checks the daily backup window (hh:mm-hh:mm) and the weekly
// maintenance window (ddd:hh:mm-ddd:hh:mm), both in UTC. RDS refuses
// windows shorter than 30 minutes and a maintenance window that overlaps
// the backup window on any day. The error is a *WindowError.
func CheckWindows(backup, maintenance string) error {
	b, err := parseBackup(backup)
	if err != nil {
		return &WindowError{Err: err}
	}
	m, err := parseMaintenance(maintenance)
	if err != nil {
		return &WindowError{Maintenance: true, Err: err}
	}
	if m.overlapsDaily(b) {
		return &WindowError{Maintenance: true, Err: fmt.Errorf("overlaps the daily backup window %s", backup)}
	}
	return nil
}
