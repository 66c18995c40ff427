package provider

// The resource, data-source and provider schemas, built from the core's
// `webhooks terraform schema` (derived from schema.json) at startup.

import (
	"context"
	"encoding/json"
	"sync"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type tfAttr struct {
	Type        string            `json:"type"`
	Required    bool              `json:"required"`
	Optional    bool              `json:"optional"`
	Computed    bool              `json:"computed"`
	Sensitive   bool              `json:"sensitive"`
	Description string            `json:"description"`
	Attributes  map[string]tfAttr `json:"attributes"`
}

type schemaDoc struct {
	Version     string                       `json:"version"`
	Provider    map[string]tfAttr            `json:"provider"`
	Resources   map[string]map[string]tfAttr `json:"resources"`
	DataSources map[string]map[string]tfAttr `json:"data_sources"`
}

var (
	schemaOnce  sync.Once
	schemaValue *schemaDoc
	schemaDiags diag.Diagnostics
)

// coreSchema asks the core once per provider process.
func coreSchema(ctx context.Context, c cli) (*schemaDoc, diag.Diagnostics) {
	schemaOnce.Do(func() {
		out, diags := c.run(ctx, "schema", map[string]any{})
		schemaDiags = diags
		if diags.HasError() {
			return
		}
		var doc schemaDoc
		if err := json.Unmarshal(out.Raw, &doc); err != nil {
			schemaDiags.AddError("webhooks provider: the core's schema is not readable", err.Error())
			return
		}
		schemaValue = &doc
	})
	return schemaValue, schemaDiags
}

func resourceAttributes(attrs map[string]tfAttr) map[string]rschema.Attribute {
	out := make(map[string]rschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = resourceAttribute(a)
	}
	return out
}

func resourceAttribute(a tfAttr) rschema.Attribute {
	switch a.Type {
	case "bool":
		return rschema.BoolAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Description: a.Description}
	case "int":
		return rschema.Int64Attribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Description: a.Description}
	case "map_string":
		return rschema.MapAttribute{ElementType: types.StringType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Description: a.Description}
	case "list_string":
		return rschema.ListAttribute{ElementType: types.StringType, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Description: a.Description}
	case "object":
		return rschema.SingleNestedAttribute{Attributes: resourceAttributes(a.Attributes), Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Description: a.Description}
	case "list_object":
		return rschema.ListNestedAttribute{NestedObject: rschema.NestedAttributeObject{Attributes: resourceAttributes(a.Attributes)}, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Description: a.Description}
	}
	return rschema.StringAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Description: a.Description}
}

// The data source and the provider block have primitive attributes only.
func dataSourceAttributes(attrs map[string]tfAttr) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(attrs))
	for name, a := range attrs {
		if a.Type == "int" {
			out[name] = dsschema.Int64Attribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Description: a.Description}
		} else {
			out[name] = dsschema.StringAttribute{Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Description: a.Description}
		}
	}
	return out
}

func providerAttributes(attrs map[string]tfAttr) map[string]pschema.Attribute {
	out := make(map[string]pschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = pschema.StringAttribute{Required: a.Required, Optional: a.Optional, Sensitive: a.Sensitive, Description: a.Description}
	}
	return out
}
