package webtest

// SignIn opens the sign-in page in the browser, signs in with the form and waits for the
// page it lands on.
func (b *Browser) SignIn(baseURL, email, password string) {
	b.tb.Helper()
	b.Open(baseURL + "/sign-in")
	b.Fill("#f-email", email)
	b.Fill("#f-password", password)
	b.Submit("#sign-in")
}
