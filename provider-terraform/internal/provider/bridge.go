package provider

// The one way into the core: a JSON request to `webhooks terraform serve`
// (server.go) and its JSON answer. The core answers with diagnostics
// ({code, path, summary, detail}); this file only turns them into Terraform
// diagnostics on the attribute they name.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// CLIEnv names the `webhooks` command to run (a path, or a command with arguments
// such as "node /opt/webhooks/dist/provider/cli/main.js"); default: webhooks on PATH.
const CLIEnv = "WEBHOOKS_CLI"

// CAFileEnv is the fallback of the provider's ca_file.
const CAFileEnv = "WEBHOOKS_CA_FILE"

type pathStep struct {
	Attr  *string `json:"attr,omitempty"`
	Index *int64  `json:"index,omitempty"`
	Key   *string `json:"key,omitempty"`
}

type coreDiagnostic struct {
	Code    string     `json:"code"`
	Path    []pathStep `json:"path"`
	Summary string     `json:"summary"`
	Detail  string     `json:"detail"`
}

type answer struct {
	Diagnostics     []coreDiagnostic `json:"diagnostics"`
	State           json.RawMessage  `json:"state"`
	Planned         json.RawMessage  `json:"planned"`
	RequiresReplace [][]pathStep     `json:"requires_replace"`
	PartialID       string           `json:"partial_id"`
	Raw             json.RawMessage  `json:"-"`
}

// cli is how this process runs the core.
type cli struct {
	argv []string
	// caFile is the provider's ca_file: Node.js reads NODE_EXTRA_CA_CERTS at start.
	caFile string
}

func defaultCLI() cli {
	if v := strings.Fields(os.Getenv(CLIEnv)); len(v) > 0 {
		return cli{argv: v, caFile: os.Getenv(CAFileEnv)}
	}
	return cli{argv: []string{"webhooks"}, caFile: os.Getenv(CAFileEnv)}
}

// run sends one request to the core and decodes the answer; a failure to reach the core at all is an error diagnostic.
func (c cli) run(ctx context.Context, op string, request any) (*answer, diag.Diagnostics) {
	var diags diag.Diagnostics
	line, err := serverFor(c).call(ctx, op, request)
	if err != nil {
		diags.AddError(
			fmt.Sprintf("webhooks provider: `%s terraform serve` failed (%s): %v", strings.Join(c.argv, " "), op, err),
			fmt.Sprintf("The provider runs the webhooks CLI (Node.js 20+, npm package pulumi-webhooks-runtime) for every operation. "+
				"Put `webhooks` on PATH or set %s to the command.", CLIEnv),
		)
		return nil, diags
	}
	var out answer
	if err := json.Unmarshal(line, &out); err != nil {
		diags.AddError(fmt.Sprintf("webhooks provider: the core's answer to %s is not JSON", op), err.Error())
		return nil, diags
	}
	out.Raw = line
	for _, d := range out.Diagnostics {
		p := toPath(d.Path)
		if p.Equal(path.Empty()) {
			diags.AddError(d.Summary, d.Detail)
		} else {
			diags.AddAttributeError(p, d.Summary, d.Detail)
		}
	}
	return &out, diags
}

func toPath(steps []pathStep) path.Path {
	if len(steps) == 0 || steps[0].Attr == nil {
		return path.Empty()
	}
	p := path.Root(*steps[0].Attr)
	for _, s := range steps[1:] {
		switch {
		case s.Attr != nil:
			p = p.AtName(*s.Attr)
		case s.Index != nil:
			p = p.AtListIndex(int(*s.Index))
		case s.Key != nil:
			p = p.AtMapKey(*s.Key)
		}
	}
	return p
}
