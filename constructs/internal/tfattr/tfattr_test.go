package tfattr

import (
	"reflect"
	"testing"
)

func TestRead(t *testing.T) {
	m := map[string]any{
		"obj": map[string]any{"a": "x"}, "list": []any{map[string]any{"a": "y"}, map[string]any{"a": "z"}},
		"s": "v", "n": 3.5, "b": true, "ns": "42", "expr": "${var.x}",
	}
	if got := Block(m, "obj")["a"]; got != "x" {
		t.Errorf("Block(obj) = %v", got)
	}
	if got := Block(m, "list")["a"]; got != "y" {
		t.Errorf("Block(list) = %v", got)
	}
	if Block(m, "none") != nil || Blocks(m, "none") != nil {
		t.Error("absent blocks are nil")
	}
	if got := len(Blocks(m, "list")); got != 2 {
		t.Errorf("Blocks(list) has %d", got)
	}
	if !reflect.DeepEqual(Blocks(m, "obj"), []map[string]any{{"a": "x"}}) {
		t.Error("Blocks(obj) is the object")
	}
	for key, want := range map[string]string{"s": "v", "n": "3.5", "b": "true", "none": ""} {
		if got := Str(m, key); got != want {
			t.Errorf("Str(%s) = %q, want %q", key, got, want)
		}
	}
	for key, want := range map[string]struct {
		v  float64
		ok bool
	}{"n": {3.5, true}, "ns": {42, true}, "expr": {0, false}, "none": {0, false}} {
		if v, ok := Num(m, key); v != want.v || ok != want.ok {
			t.Errorf("Num(%s) = %v, %v", key, v, ok)
		}
	}
}
