module github.com/magetoken/magetoken

go 1.26.8
