// terraform-provider-webhooks: a thin Terraform/OpenTofu plugin-protocol bridge.
// Every rule, template check, diff and runtime call is the TypeScript core's,
// reached through `webhooks terraform serve` (JSON lines on stdin and stdout); see
// docs/terraform.md for why.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/pulumi-webhooks/terraform-provider-webhooks/internal/provider"
)

// version is set by tools/terraform/build.sh (-ldflags -X main.version=...).
var version = "dev"

func main() {
	debug := flag.Bool("debug", false, "run with support for debuggers like delve")
	flag.Parse()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   *debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
