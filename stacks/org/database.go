package org

// Database sizes an environment's Aurora PostgreSQL cluster.
type Database struct{}

func (d *Database) applyDefaults(production bool) {}

// validateDatabase checks e.Database; field is the path of e, such as
// environments[prod].
func validateDatabase(c *collector, field string, e Environment) {}
