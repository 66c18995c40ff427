package provider

// One generic resource per type the core names (webhooks_audit_webhook,
// webhooks_request_webhook): each method hands its values to the core as JSON.

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

type webhookResource struct {
	typeName string
	attrs    map[string]tfAttr
	client   *client
}

var (
	_ resource.ResourceWithConfigure      = &webhookResource{}
	_ resource.ResourceWithValidateConfig = &webhookResource{}
	_ resource.ResourceWithModifyPlan     = &webhookResource{}
	_ resource.ResourceWithImportState    = &webhookResource{}
)

func (r *webhookResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *webhookResource) schema() rschema.Schema {
	return rschema.Schema{Attributes: resourceAttributes(r.attrs)}
}

func (r *webhookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema()
}

func (r *webhookResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if c, ok := req.ProviderData.(*client); ok {
		r.client = c
	}
}

// call runs one operation with the provider block and the given values (each a tftypes.Value, or nil).
func (r *webhookResource) call(ctx context.Context, op string, values map[string]*tftypes.Value) (*answer, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := map[string]any{"type": r.typeName}
	c := defaultCLI()
	if r.client != nil {
		c = r.client.cli
		req["provider"] = r.client.config
	}
	for k, v := range values {
		if v == nil || v.IsNull() {
			req[k] = nil
			continue
		}
		x, err := toJSON(*v)
		if err != nil {
			diags.AddError("webhooks provider: cannot read the "+k, err.Error())
			return nil, diags
		}
		req[k] = x
	}
	out, d := c.run(ctx, op, req)
	diags.Append(d...)
	return out, diags
}

// value decodes one object of the answer with the resource's schema type.
func (r *webhookResource) value(ctx context.Context, raw json.RawMessage) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	typ := r.schema().Type().TerraformType(ctx)
	x, err := decodeJSON(raw)
	if err == nil {
		var v tftypes.Value
		if v, err = fromJSON(typ, x); err == nil {
			return v, diags
		}
	}
	diags.AddError("webhooks provider: the core's answer does not fit the schema", err.Error())
	return tftypes.Value{}, diags
}

func (r *webhookResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	_, diags := r.call(ctx, "validate", map[string]*tftypes.Value{"config": &req.Config.Raw})
	resp.Diagnostics.Append(diags...)
}

func (r *webhookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	out, diags := r.call(ctx, "plan", map[string]*tftypes.Value{"state": &req.State.Raw, "plan": &req.Plan.Raw})
	resp.Diagnostics.Append(diags...)
	if out == nil || diags.HasError() {
		return
	}
	planned, d := r.value(ctx, out.Planned)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	resp.Plan.Raw = planned
	for _, steps := range out.RequiresReplace {
		resp.RequiresReplace = append(resp.RequiresReplace, toPath(steps))
	}
}

func (r *webhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	out, diags := r.call(ctx, "create", map[string]*tftypes.Value{"plan": &req.Plan.Raw})
	resp.Diagnostics.Append(diags...)
	if out != nil && out.PartialID != "" {
		// Registered, but the step did not finish: keep the id so the registration is not orphaned (tainted, replaced next apply).
		r.keepPartial(ctx, req.Plan.Raw, out.PartialID, &resp.State.Raw, &resp.Diagnostics)
		return
	}
	r.setState(ctx, out, diags, &resp.State.Raw, &resp.Diagnostics)
}

func (r *webhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	out, diags := r.call(ctx, "read", map[string]*tftypes.Value{"state": &req.State.Raw})
	resp.Diagnostics.Append(diags...)
	if out == nil || diags.HasError() {
		return
	}
	if len(out.State) == 0 || string(out.State) == "null" {
		resp.State.RemoveResource(ctx) // deleted outside Terraform
		return
	}
	r.setState(ctx, out, diags, &resp.State.Raw, &resp.Diagnostics)
}

func (r *webhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	out, diags := r.call(ctx, "update", map[string]*tftypes.Value{"state": &req.State.Raw, "plan": &req.Plan.Raw})
	resp.Diagnostics.Append(diags...)
	r.setState(ctx, out, diags, &resp.State.Raw, &resp.Diagnostics)
}

func (r *webhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	_, diags := r.call(ctx, "delete", map[string]*tftypes.Value{"state": &req.State.Raw})
	resp.Diagnostics.Append(diags...)
}

// ImportState takes the webhook id (`tofu import <addr> wh_…` or an import block); Read then fills every field from the runtime.
func (r *webhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

func (r *webhookResource) setState(ctx context.Context, out *answer, diags diag.Diagnostics, target *tftypes.Value, all *diag.Diagnostics) {
	if out == nil || diags.HasError() {
		return
	}
	v, d := r.value(ctx, out.State)
	all.Append(d...)
	if !d.HasError() {
		*target = v
	}
}

func (r *webhookResource) keepPartial(ctx context.Context, plan tftypes.Value, id string, target *tftypes.Value, all *diag.Diagnostics) {
	x, err := toJSON(plan)
	m, ok := x.(map[string]any)
	if err != nil || !ok {
		return
	}
	for k, v := range m {
		if isUnknownMarker(v) {
			m[k] = nil
		}
	}
	m["id"], m["webhook_id"] = id, id
	raw, _ := json.Marshal(m)
	v, d := r.value(ctx, raw)
	all.Append(d...)
	if !d.HasError() {
		*target = v
	}
}
