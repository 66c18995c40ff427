package provider

// Terraform values ⇄ plain JSON, generically by type, so a new attribute needs
// no Go change. null is JSON null; a value not known until apply is
// {"$unknown": true} (the core treats it as its unknown sentinel).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const unknownMarker = "$unknown"

func toJSON(v tftypes.Value) (any, error) {
	if !v.IsKnown() {
		return map[string]any{unknownMarker: true}, nil
	}
	if v.IsNull() {
		return nil, nil
	}
	typ := v.Type()
	switch {
	case typ.Is(tftypes.String):
		var s string
		err := v.As(&s)
		return s, err
	case typ.Is(tftypes.Bool):
		var b bool
		err := v.As(&b)
		return b, err
	case typ.Is(tftypes.Number):
		var f big.Float
		if err := v.As(&f); err != nil {
			return nil, err
		}
		if i, acc := f.Int64(); acc == big.Exact {
			return i, nil
		}
		x, _ := f.Float64()
		return x, nil
	case typ.Is(tftypes.List{}), typ.Is(tftypes.Set{}), typ.Is(tftypes.Tuple{}):
		var items []tftypes.Value
		if err := v.As(&items); err != nil {
			return nil, err
		}
		out := make([]any, 0, len(items))
		for _, item := range items {
			x, err := toJSON(item)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, nil
	case typ.Is(tftypes.Map{}), typ.Is(tftypes.Object{}):
		var items map[string]tftypes.Value
		if err := v.As(&items); err != nil {
			return nil, err
		}
		out := make(map[string]any, len(items))
		for k, item := range items {
			x, err := toJSON(item)
			if err != nil {
				return nil, err
			}
			out[k] = x
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported type %s", typ)
}

func isUnknownMarker(x any) bool {
	m, ok := x.(map[string]any)
	return ok && len(m) == 1 && m[unknownMarker] == true
}

// decodeJSON reads numbers as json.Number, so integers stay exact.
func decodeJSON(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	err := dec.Decode(&x)
	return x, err
}

func fromJSON(typ tftypes.Type, x any) (tftypes.Value, error) {
	if x == nil {
		return tftypes.NewValue(typ, nil), nil
	}
	if isUnknownMarker(x) {
		return tftypes.NewValue(typ, tftypes.UnknownValue), nil
	}
	switch t := typ.(type) {
	case tftypes.List:
		items, ok := x.([]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a list, got %T", x)
		}
		vals := make([]tftypes.Value, 0, len(items))
		for _, item := range items {
			v, err := fromJSON(t.ElementType, item)
			if err != nil {
				return tftypes.Value{}, err
			}
			vals = append(vals, v)
		}
		return tftypes.NewValue(typ, vals), nil
	case tftypes.Map:
		items, ok := x.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a map, got %T", x)
		}
		vals := make(map[string]tftypes.Value, len(items))
		for k, item := range items {
			v, err := fromJSON(t.ElementType, item)
			if err != nil {
				return tftypes.Value{}, err
			}
			vals[k] = v
		}
		return tftypes.NewValue(typ, vals), nil
	case tftypes.Object:
		items, ok := x.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want an object, got %T", x)
		}
		vals := make(map[string]tftypes.Value, len(t.AttributeTypes))
		for k, at := range t.AttributeTypes {
			v, err := fromJSON(at, items[k]) // an absent attribute is null
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", k, err)
			}
			vals[k] = v
		}
		return tftypes.NewValue(typ, vals), nil
	}
	switch {
	case typ.Is(tftypes.String):
		s, ok := x.(string)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a string, got %T", x)
		}
		return tftypes.NewValue(typ, s), nil
	case typ.Is(tftypes.Bool):
		b, ok := x.(bool)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a bool, got %T", x)
		}
		return tftypes.NewValue(typ, b), nil
	case typ.Is(tftypes.Number):
		n, ok := x.(json.Number)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a number, got %T", x)
		}
		f, _, err := big.ParseFloat(string(n), 10, 512, big.ToNearestEven)
		if err != nil {
			return tftypes.Value{}, err
		}
		return tftypes.NewValue(typ, f), nil
	}
	return tftypes.Value{}, fmt.Errorf("unsupported type %s", typ)
}
