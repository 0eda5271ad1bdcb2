package serverlessorders

import (
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewayaccount"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewayauthorizer"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewaydeployment"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewayintegration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewaymethod"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewaymethodsettings"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewaymodel"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewayrequestvalidator"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewayresource"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewayrestapi"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/apigatewaystage"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lambdapermission"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/api"
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
)

// api makes the REST API: two resources, three methods with authorization
// and request validation, Lambda proxy integrations, a deployment that
// follows the definition, and a stage with access logs, execution logs,
// X-Ray and throttling.
func (b *build) api() error {
	n := b.s.names
	fn := b.fns[orderspec.CreateOrder]
	rest := apigatewayrestapi.NewApiGatewayRestApi(b.scope, b.rid("api"), &apigatewayrestapi.ApiGatewayRestApiConfig{
		Name:                  jsii.String(n.api()),
		Description:           jsii.String("Order system " + b.props.Name),
		EndpointConfiguration: &apigatewayrestapi.ApiGatewayRestApiEndpointConfiguration{Types: jsii.Strings("REGIONAL")},
		Tags:                  b.tags,
	})
	ordersRes := apigatewayresource.NewApiGatewayResource(b.scope, b.rid("api", "orders"), &apigatewayresource.ApiGatewayResourceConfig{
		RestApiId: rest.Id(), ParentId: rest.RootResourceId(), PathPart: jsii.String("orders"),
	})
	orderRes := apigatewayresource.NewApiGatewayResource(b.scope, b.rid("api", "order"), &apigatewayresource.ApiGatewayResourceConfig{
		RestApiId: rest.Id(), ParentId: ordersRes.Id(), PathPart: jsii.String("{id}"),
	})
	resources := map[string]*string{api.OrdersResource: ordersRes.Id(), api.OrderResource: orderRes.Id()}

	model := apigatewaymodel.NewApiGatewayModel(b.scope, b.rid("api", "model"), &apigatewaymodel.ApiGatewayModelConfig{
		RestApiId:   rest.Id(),
		Name:        jsii.String(modelName),
		ContentType: jsii.String("application/json"),
		Description: jsii.String("A new order, as POST /orders accepts it"),
		Schema:      jsii.String(marshal(CreateOrderSchema())),
	})
	validator := apigatewayrequestvalidator.NewApiGatewayRequestValidator(b.scope, b.rid("api", "validator"), &apigatewayrequestvalidator.ApiGatewayRequestValidatorConfig{
		RestApiId:                 rest.Id(),
		Name:                      jsii.String("body-and-parameters"),
		ValidateRequestBody:       jsii.Bool(true),
		ValidateRequestParameters: jsii.Bool(true),
	})
	auth, authorizerID := AuthIAM, (*string)(nil)
	if b.s.CognitoUserPoolARN != "" {
		auth = AuthCognito
		authorizerID = apigatewayauthorizer.NewApiGatewayAuthorizer(b.scope, b.rid("api", "authorizer"), &apigatewayauthorizer.ApiGatewayAuthorizerConfig{
			RestApiId:      rest.Id(),
			Name:           jsii.String("cognito"),
			Type:           jsii.String(AuthCognito),
			ProviderArns:   jsii.Strings(b.s.CognitoUserPoolARN),
			IdentitySource: jsii.String("method.request.header.Authorization"),
		}).Id()
	}

	var parts []cdktf.ITerraformDependable
	for _, r := range routes() {
		key := strings.ToLower(r.Method) + strings.NewReplacer("/", "-", "{", "", "}", "").Replace(r.Resource)
		params := map[string]any{}
		for p, required := range r.Parameters {
			params[p] = jsii.Bool(required)
		}
		mcfg := &apigatewaymethod.ApiGatewayMethodConfig{
			RestApiId:          rest.Id(),
			ResourceId:         resources[r.Resource],
			HttpMethod:         jsii.String(r.Method),
			Authorization:      jsii.String(auth),
			AuthorizerId:       authorizerID,
			RequestValidatorId: validator.Id(),
			RequestParameters:  &params,
		}
		if r.Model != "" {
			mcfg.RequestModels = &map[string]*string{"application/json": model.Name()}
		}
		m := apigatewaymethod.NewApiGatewayMethod(b.scope, b.rid("api", key), mcfg)
		integ := apigatewayintegration.NewApiGatewayIntegration(b.scope, b.rid("api", key, "integration"), &apigatewayintegration.ApiGatewayIntegrationConfig{
			RestApiId:             rest.Id(),
			ResourceId:            resources[r.Resource],
			HttpMethod:            m.HttpMethod(),
			Type:                  jsii.String("AWS_PROXY"),
			IntegrationHttpMethod: jsii.String("POST"),
			Uri:                   fn.InvokeArn(),
		})
		parts = append(parts, m, integ)
		// Only this stage's method may invoke the function.
		path := strings.ReplaceAll(r.Resource, "{id}", "*")
		lambdapermission.NewLambdaPermission(b.scope, b.rid("api", key, "permission"), &lambdapermission.LambdaPermissionConfig{
			Action:       jsii.String("lambda:InvokeFunction"),
			FunctionName: fn.FunctionName(),
			Principal:    jsii.String(b.env.ServicePrincipal("apigateway")),
			SourceArn:    jsii.String(*rest.ExecutionArn() + "/" + StageName + "/" + r.Method + path),
		})
	}

	deployment := apigatewaydeployment.NewApiGatewayDeployment(b.scope, b.rid("api", "deployment"), &apigatewaydeployment.ApiGatewayDeploymentConfig{
		RestApiId:   rest.Id(),
		Description: jsii.String("Orders API"),
		Triggers: &map[string]*string{
			"redeployment": jsii.String(definitionHash(auth, b.s.CognitoUserPoolARN, n.function(orderspec.CreateOrder))),
		},
		// The stage moves to the new deployment before the old one goes.
		Lifecycle: &cdktf.TerraformResourceLifecycle{CreateBeforeDestroy: jsii.Bool(true)},
		DependsOn: &parts,
	})

	accessLogs, err := loggroup.New(b.scope, *b.rid("api", "access-logs"), loggroup.Props{
		Name: n.accessLogGroup(), Key: b.out.Key, RetentionDays: b.s.LogRetentionDays, Tags: b.props.Tags,
	})
	if err != nil {
		return err
	}
	// API Gateway writes execution logs to a group it names after the API
	// and stage, and makes it (unencrypted, kept forever) unless it exists.
	execLogs, err := loggroup.New(b.scope, *b.rid("api", "execution-logs"), loggroup.Props{
		Name: "API-Gateway-Execution-Logs_" + *rest.Id() + "/" + StageName,
		Key:  b.out.Key, RetentionDays: b.s.LogRetentionDays, Tags: b.props.Tags,
	})
	if err != nil {
		return err
	}
	stageDeps := []cdktf.ITerraformDependable{execLogs.Resource}
	if !b.props.SkipAPIGatewayAccount {
		account, err := b.apiGatewayAccount()
		if err != nil {
			return err
		}
		stageDeps = append(stageDeps, account)
	}
	stage := apigatewaystage.NewApiGatewayStage(b.scope, b.rid("api", "stage"), &apigatewaystage.ApiGatewayStageConfig{
		RestApiId:          rest.Id(),
		DeploymentId:       deployment.Id(),
		StageName:          jsii.String(StageName),
		XrayTracingEnabled: jsii.Bool(true),
		AccessLogSettings: &apigatewaystage.ApiGatewayStageAccessLogSettings{
			DestinationArn: accessLogs.ARN,
			Format:         jsii.String(AccessLogFormat()),
		},
		DependsOn: &stageDeps,
		Tags:      b.tags,
	})
	apigatewaymethodsettings.NewApiGatewayMethodSettings(b.scope, b.rid("api", "method-settings"), &apigatewaymethodsettings.ApiGatewayMethodSettingsConfig{
		RestApiId:  rest.Id(),
		StageName:  stage.StageName(),
		MethodPath: jsii.String("*/*"),
		Settings: &apigatewaymethodsettings.ApiGatewayMethodSettingsSettings{
			LoggingLevel:   jsii.String("INFO"),
			MetricsEnabled: jsii.Bool(true),
			// Data traces would log whole requests: orders hold personal
			// data, and Authorization headers credentials.
			DataTraceEnabled:     jsii.Bool(false),
			ThrottlingRateLimit:  jsii.Number(b.s.ThrottleRateLimit),
			ThrottlingBurstLimit: jsii.Number(b.s.ThrottleBurstLimit),
		},
	})
	b.out.API = API{
		Name: n.api(), ID: rest.Id(), ExecutionARN: rest.ExecutionArn(),
		StageARN: stage.Arn(), InvokeURL: stage.InvokeUrl(), StageName: StageName,
		AuthorizationType: auth,
	}
	return nil
}

// apiGatewayAccount sets the account's CloudWatch Logs role for API
// Gateway, without which stages cannot log. The setting is account- and
// region-wide (see Props.SkipAPIGatewayAccount), so the role may write to
// any log group of the account in this region: that is what every API
// here needs from it.
func (b *build) apiGatewayAccount() (cdktf.ITerraformDependable, error) {
	groups := b.env.ARN("logs", "log-group:*")
	role, err := iamrole.New(b.scope, *b.rid("apigateway-logs-role"), iamrole.Props{
		Name:        b.s.names.apiGatewayRole(),
		Description: "Lets API Gateway write access and execution logs in " + b.env.Region,
		// API Gateway does not send aws:SourceAccount when it assumes
		// this role, so the trust cannot test it.
		Trust: iamrole.ServiceTrust(b.env.ServicePrincipal("apigateway"), ""),
		Policies: map[string]iampolicy.Document{"cloudwatch-logs": {Statements: []iampolicy.Statement{
			allow("WriteLogs", []string{
				"logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
				"logs:FilterLogEvents", "logs:GetLogEvents", "logs:PutLogEvents",
			}, groups),
		}}},
		Tags: b.props.Tags,
	})
	if err != nil {
		return nil, err
	}
	return apigatewayaccount.NewApiGatewayAccount(b.scope, b.rid("apigateway-account"), &apigatewayaccount.ApiGatewayAccountConfig{
		CloudwatchRoleArn: role.ARN,
		DependsOn:         role.Ready(),
	}), nil
}
