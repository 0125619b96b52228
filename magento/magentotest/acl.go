package magentotest

import (
	"net/http"
	"slices"
)

// resourceAll is the resource of the Administrators role; it grants every
// other resource.
const resourceAll = "Magento_Backend::all"

// authorized reports whether the request's bearer token belongs to an admin
// whose role grants every one of resources. A guest, an inactive or deleted
// admin and a role without the resource are all refused alike; Magento tells
// them apart nowhere on the wire.
func (s *Store) authorized(r *http.Request, resources []string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()

	id, ok := s.tokenUserLocked(r.Header.Get("Authorization"))
	if !ok {
		return false
	}
	u := s.userByIDLocked(id)
	if u == nil || u.Inactive || u.NoRole {
		return false
	}
	return grants(u.Resources, resources)
}

// grants reports whether a role with the resources have grants all of want.
// Nil have is the Administrators role.
func grants(have, want []string) bool {
	if have == nil || slices.Contains(have, resourceAll) {
		return true
	}
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
