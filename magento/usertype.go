package magento

import "strconv"

// UserType is the kind of user a token belongs to: the utypid claim of a
// Magento JWT, with Magento's UserContextInterface values.
type UserType int

// User types as Magento numbers them.
const (
	UserTypeIntegration UserType = 1
	UserTypeAdmin       UserType = 2
	UserTypeCustomer    UserType = 3
	UserTypeGuest       UserType = 4
)

// String returns the user type's name, such as "admin".
func (t UserType) String() string {
	switch t {
	case UserTypeIntegration:
		return "integration"
	case UserTypeAdmin:
		return "admin"
	case UserTypeCustomer:
		return "customer"
	case UserTypeGuest:
		return "guest"
	}
	return "unknown (" + strconv.Itoa(int(t)) + ")"
}
