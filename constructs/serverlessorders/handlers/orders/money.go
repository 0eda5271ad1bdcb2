package orders

import (
	"fmt"
	"sort"
)

// currencies are the ISO 4217 currencies orders may use, with the number of
// digits of their minor unit.
var currencies = map[string]int{
	"AUD": 2, "CAD": 2, "CHF": 2, "DKK": 2, "EUR": 2, "GBP": 2,
	"JPY": 0, "NOK": 2, "NZD": 2, "SEK": 2, "USD": 2,
}

// Currencies lists the supported currency codes, sorted.
func Currencies() []string {
	out := make([]string, 0, len(currencies))
	for c := range currencies {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// FormatMoney renders an amount in minor units, such as 123456 USD as
// "1234.56 USD".
func FormatMoney(minor int64, currency string) string {
	digits := currencies[currency]
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	if digits == 0 {
		return fmt.Sprintf("%s%d %s", sign, minor, currency)
	}
	unit := int64(1)
	for range digits {
		unit *= 10
	}
	return fmt.Sprintf("%s%d.%0*d %s", sign, minor/unit, digits, minor%unit, currency)
}
