package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// webhookDataSource is webhooks_webhook: one registration by id or name, as the runtime shows it (secrets masked).
type webhookDataSource struct {
	typeName string
	attrs    map[string]tfAttr
	client   *client
}

var _ datasource.DataSourceWithConfigure = &webhookDataSource{}

func (d *webhookDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.typeName
}

func (d *webhookDataSource) schema() dsschema.Schema {
	return dsschema.Schema{Attributes: dataSourceAttributes(d.attrs)}
}

func (d *webhookDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema()
}

func (d *webhookDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	if c, ok := req.ProviderData.(*client); ok {
		d.client = c
	}
}

func (d *webhookDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	config, err := toJSON(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("webhooks provider: cannot read the data source's config", err.Error())
		return
	}
	c, provider := defaultCLI(), any(nil)
	if d.client != nil {
		c, provider = d.client.cli, d.client.config
	}
	out, diags := c.run(ctx, "read", map[string]any{"type": d.typeName, "provider": provider, "config": config})
	resp.Diagnostics.Append(diags...)
	if out == nil || diags.HasError() {
		return
	}
	x, err := decodeJSON(out.State)
	if err == nil {
		v, e := fromJSON(d.schema().Type().TerraformType(ctx), x)
		if e == nil {
			resp.State.Raw = v
			return
		}
		err = e
	}
	resp.Diagnostics.AddError("webhooks provider: the core's answer does not fit the schema", err.Error())
}

var _ = json.RawMessage{}
