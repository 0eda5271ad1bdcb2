package org

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadOnlyAccessMFAOnly: mfa_only replaces the external id, for
// engineers who switch roles in the console (finding 13 of issue 15).
func TestReadOnlyAccessMFAOnly(t *testing.T) {
	o := Example()
	o.Environments[2].ReadOnlyAccess = &ReadOnlyAccess{From: []string{"dev"}, MFAOnly: true}
	require.NoError(t, o.Validate("org.yaml"))

	o.Environments[2].ReadOnlyAccess = &ReadOnlyAccess{From: []string{"dev"}}
	err := o.Validate("org.yaml")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `environments[prod].read_only_access.external_id "": must be 2-1224 characters of letters, digits and +=,.@:/- (or set mfa_only)`)
}
