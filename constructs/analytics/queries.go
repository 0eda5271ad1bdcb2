package analytics

import (
	"strconv"
	"strings"

	"github.com/acme/landing-zone/constructs/analytics/clickstream"
)

// NamedQuery is one saved Athena query of the workgroup.
type NamedQuery struct {
	ID, Name, Description, SQL string
}

// recent restricts a query to events since days ago at 00:00 UTC by the
// record's own time (event_time), and prunes partitions with one day of
// slack on dt. dt is not each record's arrival date: for !{timestamp}
// "Firehose uses the approximate arrival timestamp of the oldest record
// that's contained in the Amazon S3 object being written" (Firehose
// Developer Guide, "Custom prefixes for Amazon S3 objects", timestamp
// namespace), so an object written just after midnight, or
// while Firehose catches up on the stream, holds records of the next day
// under the previous day's dt. One day of slack covers a buffer interval
// (at most 900 s) and delivery lag under a day; partition projection
// turns the dt range into that many S3 prefixes, so the scan stays small.
func recent(days int) string {
	return clickstream.PartitionColumn + " >= date_format(current_date - interval '" + strconv.Itoa(days+1) + "' day, '%Y-%m-%d')" +
		" AND event_time >= CAST(current_date - interval '" + strconv.Itoa(days) + "' day AS timestamp)"
}

// NamedQueries are the workgroup's saved queries over database's
// clickstream table: page views per hour, top products, funnel drop-off
// and client errors by page. Each filters on event_time, and on the
// partition column with a day of slack (see recent).
func NamedQueries(database string) []NamedQuery {
	t := `"` + database + `"."` + TableName + `"`
	stage := "CASE event_type"
	for i, et := range clickstream.EventTypes[:5] {
		stage += " WHEN '" + et + "' THEN " + string(rune('1'+i))
	}
	stage += " ELSE 0 END"
	return []NamedQuery{
		{
			ID: "page-views-per-hour", Name: "Page views per hour (last 7 days)",
			Description: "How many pages were viewed in each hour of the last week.",
			SQL: "SELECT date_trunc('hour', event_time) AS hour, count(*) AS page_views\nFROM " + t +
				"\nWHERE event_type = 'page_view' AND " + recent(7) + "\nGROUP BY 1\nORDER BY 1",
		},
		{
			ID: "top-products", Name: "Top products (last 30 days)",
			Description: "The 20 products with the most purchases, with their views, cart adds and revenue.",
			SQL: "SELECT product_id,\n  count_if(event_type = 'product_view') AS views,\n  count_if(event_type = 'add_to_cart') AS cart_adds,\n" +
				"  count_if(event_type = 'purchase') AS purchases,\n  sum(CASE WHEN event_type = 'purchase' THEN quantity * price_cents ELSE 0 END) / 100.0 AS revenue\nFROM " + t +
				"\nWHERE product_id <> '' AND " + recent(30) + "\nGROUP BY product_id\nORDER BY purchases DESC, views DESC\nLIMIT 20",
		},
		{
			ID: "funnel", Name: "Funnel drop-off (last 7 days)",
			Description: "Sessions reaching each step: page view, product view, cart, checkout, purchase.",
			SQL: "WITH sessions AS (\n  SELECT session_id, max(" + stage + ") AS stage\n  FROM " + t + "\n  WHERE " + recent(7) + "\n  GROUP BY session_id\n)\n" +
				"SELECT count_if(stage >= 1) AS viewed_page, count_if(stage >= 2) AS viewed_product, count_if(stage >= 3) AS added_to_cart,\n" +
				"  count_if(stage >= 4) AS started_checkout, count_if(stage >= 5) AS purchased\nFROM sessions",
		},
		{
			ID: "errors-by-page", Name: "Client errors by page (last day)",
			Description: "Pages with the most client error events since yesterday, by device class.",
			SQL: "SELECT page, device_class, count(*) AS errors\nFROM " + t + "\nWHERE event_type = 'error' AND " + recent(1) +
				"\nGROUP BY page, device_class\nORDER BY errors DESC\nLIMIT 50",
		},
	}
}

// queryColumns are the identifiers the queries use as columns, for the
// test that keeps them in the schema.
func queryColumns(q NamedQuery) []string {
	var out []string
	for _, c := range append(clickstream.Columns(), clickstream.Column{Name: clickstream.PartitionColumn}) {
		if strings.Contains(q.SQL, c.Name) {
			out = append(out, c.Name)
		}
	}
	return out
}
