package notify

import (
	htmltemplate "html/template"
	texttemplate "text/template"
)

// view is what the reminder templates show.
type view struct {
	Intro string
	Items []itemView
	Note  string
}

// itemView is one item in a reminder.
type itemView struct {
	Headline, Facts, Vendor, BudgetLine, Link string
}

const textTemplate = `{{.Intro}}
{{range .Items}}
{{.Headline}}
  {{.Facts}}
{{- if .Vendor}}
  Vendor: {{.Vendor}}{{end}}
{{- if .BudgetLine}}
  Budget line: {{.BudgetLine}}{{end}}
{{- if .Link}}
  {{.Link}}{{end}}
{{end}}
{{.Note}}
`

const htmlTemplate = `<!doctype html>
<html><body style="font-family: sans-serif">
<p>{{.Intro}}</p>
{{range .Items}}<div style="margin: 1em 0">
<p><strong>{{.Headline}}</strong><br>{{.Facts}}
{{- if .Vendor}}<br>Vendor: {{.Vendor}}{{end}}
{{- if .BudgetLine}}<br>Budget line: {{.BudgetLine}}{{end}}</p>
{{- if .Link}}<p><a href="{{.Link}}">Open in itreg</a></p>{{end}}
</div>
{{end}}<p style="color: #666">{{.Note}}</p>
</body></html>
`

// templates are the parsed reminder templates.
type templates struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// parseTemplates parses the reminder templates; they are constants, so an error is a bug.
func parseTemplates() templates {
	return templates{
		text: texttemplate.Must(texttemplate.New("text").Parse(textTemplate)),
		html: htmltemplate.Must(htmltemplate.New("html").Parse(htmlTemplate)),
	}
}
