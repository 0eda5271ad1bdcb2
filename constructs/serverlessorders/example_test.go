package serverlessorders_test

import (
	"fmt"
	"log"

	"github.com/acme/landing-zone/constructs/internal/examplestack"
	"github.com/acme/landing-zone/constructs/serverlessorders"
)

// The order system: an API, four Go functions (built for arm64 at synth,
// reproducibly), a table, queues with dead-letter queues, a topic and SES.
func Example() {
	ex := examplestack.New("123456789012", "eu-west-1")
	stack := ex.Stack
	orders, err := serverlessorders.New(stack, "orders", serverlessorders.Props{
		Name:         "shop-prod-orders",
		SenderDomain: "shop.example.com",
		Production:   true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(orders.TableARN)
	r := ex.Resources()
	fmt.Println(len(r["aws_lambda_function"]), "functions,", len(r["aws_sqs_queue"]), "queues")
	// Output:
	// arn:aws:dynamodb:eu-west-1:123456789012:table/shop-prod-orders
	// 4 functions, 5 queues
}
