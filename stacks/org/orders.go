package org

// Orders configures an environment's serverless orders application.
type Orders struct{}

func (d *Orders) applyDefaults(production bool) {}

// validateOrders checks e.Orders; field is the path of e, such as
// environments[prod].
func validateOrders(c *collector, field string, e Environment) {}
