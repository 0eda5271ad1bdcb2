package org

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultGuardrailsProtectTheLogArchiveAtTheRoot(t *testing.T) {
	g := DefaultGuardrails()
	require.Equal(t, RootTarget, g[0].Target)
	assert.True(t, g[0].ProtectLogArchive)
	for _, other := range g[1:] {
		assert.False(t, other.ProtectLogArchive, other.Target)
	}
}

func TestProtectLogArchiveAloneIsAGuardrail(t *testing.T) {
	o := Example()
	o.Guardrails = append(o.Guardrails, Guardrail{Target: "Security", ProtectLogArchive: true})
	assert.NoError(t, o.Validate("test"))
}
