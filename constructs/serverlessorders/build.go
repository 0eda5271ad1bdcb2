package serverlessorders

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lambdafunction"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
	"github.com/acme/landing-zone/constructs/tags"
)

// HandlerPackage is the import path of a function's main package.
func HandlerPackage(fn string) string {
	return "github.com/acme/landing-zone/constructs/serverlessorders/handlers/cmd/" + fn
}

// HandlerPackages are the main packages of all the functions, for
// lambdapkg.Builder.Prefetch.
func HandlerPackages() []string {
	var out []string
	for _, fn := range orderspec.Functions() {
		out = append(out, HandlerPackage(fn))
	}
	return out
}

// build carries what New makes from one step to the next.
type build struct {
	scope constructs.Construct
	id    string
	props Props
	s     settings
	env   awsenv.Env
	tags  *map[string]*string
	out   *Orders
	refs  refs

	fns        map[string]lambdafunction.LambdaFunction
	tableName  *string
	topicRef   *string
	configSet  *string
	queueURLs  map[string]*string
	dependents map[string][]cdktf.ITerraformDependable
}

func newBuild(scope constructs.Construct, id string, props Props, s settings, env awsenv.Env) *build {
	n := s.names
	b := &build{
		scope: scope, id: id, props: props, s: s, env: env,
		tags:       tags.Ptrs(tags.Merge(props.Tags)),
		out:        &Orders{Functions: map[string]*Function{}, Queues: map[string]*Queue{}, SenderAddress: s.SenderAddress},
		fns:        map[string]lambdafunction.LambdaFunction{},
		queueURLs:  map[string]*string{},
		dependents: map[string][]cdktf.ITerraformDependable{},
	}
	b.refs = refs{
		env:          env,
		tableARN:     env.ARN("dynamodb", "table/"+n.table()),
		queueARNs:    map[string]string{},
		topicARN:     env.ARN("sns", n.topic()),
		logGroupARNs: map[string]string{},
		identityARN:  env.ARN("ses", "identity/"+s.SenderDomain),
		configSetARN: env.ARN("ses", "configuration-set/"+n.configurationSet()),
		sender:       s.SenderAddress,
	}
	b.refs.indexARN = b.refs.tableARN + "/index/" + orders.CustomerIndex
	for _, q := range []string{PaymentQueue, PaymentDLQ, InventoryQueue, InventoryDLQ, EventsDLQ} {
		b.refs.queueARNs[q] = env.ARN("sqs", n.queue(q))
	}
	for _, fn := range orderspec.Functions() {
		b.refs.logGroupARNs[fn] = env.ARN("logs", "log-group:"+n.logGroup(fn))
	}
	b.out.TableName, b.out.TableARN, b.out.TopicARN = n.table(), b.refs.tableARN, b.refs.topicARN
	b.out.SenderIdentityARN = b.refs.identityARN
	return b
}

// rid is the id of a resource of this construct.
func (b *build) rid(parts ...string) *string {
	id := b.id
	for _, p := range parts {
		id += "-" + p
	}
	return jsii.String(id)
}

// artifacts compiles the four handlers before any resource exists, so that
// a build failure leaves nothing half made.
func (b *build) artifacts() error {
	builder := b.props.Builder // nil builds with the defaults
	for _, fn := range orderspec.Functions() {
		a, err := builder.Build(HandlerPackage(fn))
		if err != nil {
			return fmt.Errorf("function %s: %w", fn, err)
		}
		b.out.Functions[fn] = &Function{
			Name:     b.s.names.function(fn),
			ARN:      b.env.ARN("lambda", "function:"+b.s.names.function(fn)),
			LogGroup: b.s.names.logGroup(fn),
			Artifact: a,
		}
	}
	return nil
}
