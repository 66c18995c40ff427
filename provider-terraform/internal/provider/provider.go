package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Address is the provider's source address (registry.opentofu.org/pulumi-webhooks/webhooks; a dev override maps it to a local build).
const Address = "registry.opentofu.org/pulumi-webhooks/webhooks"

// client is what Configure hands the resources: how to run the core, and the provider block as JSON.
type client struct {
	cli    cli
	config any
}

type webhooksProvider struct{ version string }

// New returns the provider factory providerserver serves.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &webhooksProvider{version: version} }
}

func (p *webhooksProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "webhooks"
	resp.Version = p.version
}

func (p *webhooksProvider) Schema(ctx context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	doc, diags := coreSchema(ctx, defaultCLI())
	resp.Diagnostics.Append(diags...)
	if doc == nil {
		return
	}
	resp.Schema = pschema.Schema{
		Description: "Apono-style webhooks (audit and access-request) registered with a webhooks delivery runtime. Every check runs in the webhooks core (the `webhooks` CLI, Node.js 20+).",
		Attributes:  providerAttributes(doc.Provider),
	}
}

func (p *webhooksProvider) Configure(_ context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	config, err := toJSON(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("webhooks provider: cannot read the provider block", err.Error())
		return
	}
	c := defaultCLI()
	if m, ok := config.(map[string]any); ok {
		if ca, ok := m["ca_file"].(string); ok && ca != "" {
			c.caFile = ca
		}
	}
	shared := &client{cli: c, config: config}
	resp.ResourceData = shared
	resp.DataSourceData = shared
}

func (p *webhooksProvider) Resources(ctx context.Context) []func() resource.Resource {
	doc, _ := coreSchema(ctx, defaultCLI())
	if doc == nil {
		return nil
	}
	var out []func() resource.Resource
	for _, name := range sortedKeys(doc.Resources) {
		name, attrs := name, doc.Resources[name]
		out = append(out, func() resource.Resource { return &webhookResource{typeName: name, attrs: attrs} })
	}
	return out
}

func (p *webhooksProvider) DataSources(ctx context.Context) []func() datasource.DataSource {
	doc, _ := coreSchema(ctx, defaultCLI())
	if doc == nil {
		return nil
	}
	var out []func() datasource.DataSource
	for _, name := range sortedKeys(doc.DataSources) {
		name, attrs := name, doc.DataSources[name]
		out = append(out, func() datasource.DataSource { return &webhookDataSource{typeName: name, attrs: attrs} })
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
